with

quarantine as (

    select * from {{ ref('stg_quarantine') }}

)

select * from quarantine
