with

removed_spans as (

    select * from {{ ref('stg_removed_spans') }}

)

select * from removed_spans
