with

quotes as (

    select * from {{ ref('stg_quotes') }}

)

select * from quotes
