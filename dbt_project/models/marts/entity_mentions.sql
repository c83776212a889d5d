with

entity_mentions as (

    select * from {{ ref('stg_entity_mentions') }}

)

select * from entity_mentions
