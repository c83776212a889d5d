with

source as (

    select * from {{ source('lake', 'event_participants') }}

),

renamed as (

    select
        ---------- ids
        event_id,
        -- null for an unnamed argument ("police", "a gunman"), kept by name
        entity_id,

        ---------- participant
        name,
        role,
        country_code,
        mention_count

    from source

),

final as (

    select * from renamed

)

select * from final
