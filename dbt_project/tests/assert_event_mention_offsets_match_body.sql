{{ config(meta={'dagster': {'ref': {'name': 'event_mentions'}}}) }}
-- Every event mention's sentence (text) and trigger are the slices of its document's body (its title,
-- for a headline's mention) their offsets point at, and the trigger lies inside its sentence.
-- Offsets are 0-based, end-exclusive Python string (code point) indexes; substr is 1-based.
with

mentions as (

    select
        m.*,
        case when m.in_title then d.title else d.body end as source_text

    from {{ ref('event_mentions') }} as m
    inner join {{ ref('documents') }} as d on d.doc_id = m.doc_id

)

select
    event_id,
    doc_id,
    in_title,
    start_char,
    end_char,
    text,
    substr(source_text, start_char + 1, end_char - start_char) as source_slice,
    trigger_start,
    trigger_end,
    trigger,
    substr(source_text, trigger_start + 1, trigger_end - trigger_start) as trigger_slice

from mentions

where source_text is null
    or substr(source_text, start_char + 1, end_char - start_char) <> text
    or substr(source_text, trigger_start + 1, trigger_end - trigger_start) <> trigger
    or trigger_start < start_char
    or trigger_end > end_char
