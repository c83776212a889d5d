with

entities as (

    select * from {{ ref('stg_entities') }}

)

select * from entities
