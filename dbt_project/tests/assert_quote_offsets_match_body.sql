{{ config(meta={'dagster': {'ref': {'name': 'quotes'}}}) }}
-- Every quote's text is the slice of its document's body its offsets point at.
-- Offsets are 0-based, end-exclusive Python string (code point) indexes; substr is 1-based.
select
    q.quote_id,
    q.doc_id,
    q.start_char,
    q.end_char,
    q.text,
    substr(d.body, q.start_char + 1, q.end_char - q.start_char) as body_slice

from {{ ref('quotes') }} as q
inner join {{ ref('documents') }} as d on d.doc_id = q.doc_id

where substr(d.body, q.start_char + 1, q.end_char - q.start_char) <> q.text
