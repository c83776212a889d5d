{{ config(meta={'dagster': {'ref': {'name': 'body_offsets'}}}) }}
-- The runs of each document tile its body: they start at 0, each begins where the last ended, the
-- last ends at the body's length, and raw offsets never run backwards.
with

runs as (

    select
        o.*,
        lag(o.body_end) over (partition by o.doc_id order by o.body_start) as previous_body_end,
        lag(o.raw_end) over (partition by o.doc_id order by o.body_start) as previous_raw_end,
        length(d.body) as body_length,
        max(o.body_end) over (partition by o.doc_id) as last_body_end,
        min(o.body_start) over (partition by o.doc_id) as first_body_start

    from {{ ref('body_offsets') }} as o
    inner join {{ ref('documents') }} as d on d.doc_id = o.doc_id

)

select *
from runs
where first_body_start <> 0
    or last_body_end <> body_length
    or body_start <> coalesce(previous_body_end, 0)
    or raw_start < coalesce(previous_raw_end, 0)
    or raw_end < raw_start
