with

source as (

    select * from {{ source('lake', 'event_participants') }}

),

renamed as (

    select
        event_id,
        entity_id,
        role

    from source

),

final as (

    select * from renamed

)

select * from final
