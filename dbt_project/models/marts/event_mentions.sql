with

event_mentions as (

    select * from {{ ref('stg_event_mentions') }}

)

select * from event_mentions
