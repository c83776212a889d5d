{{ config(meta={'dagster': {'ref': {'name': 'event_mentions'}}}) }}
-- Every event mention's text is the slice of its document's body its offsets point at.
-- Offsets are 0-based, end-exclusive Python string (code point) indexes; substr is 1-based.
select
    m.event_id,
    m.doc_id,
    m.start_char,
    m.end_char,
    m.text,
    substr(d.body, m.start_char + 1, m.end_char - m.start_char) as body_slice

from {{ ref('event_mentions') }} as m
inner join {{ ref('documents') }} as d on d.doc_id = m.doc_id

where substr(d.body, m.start_char + 1, m.end_char - m.start_char) <> m.text
