with

event_participants as (

    select * from {{ ref('stg_event_participants') }}

)

select * from event_participants
