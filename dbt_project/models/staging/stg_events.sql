with

source as (

    select * from {{ source('lake', 'events') }}

),

renamed as (

    select
        event_id,
        event_type,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        location,
        doc_count

    from source

),

final as (

    select * from renamed

)

select * from final
