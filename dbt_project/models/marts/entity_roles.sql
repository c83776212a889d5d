with

entity_roles as (

    select * from {{ ref('stg_entity_roles') }}

)

select * from entity_roles
