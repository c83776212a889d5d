with

source as (

    select * from {{ source('lake', 'event_types') }}

),

renamed as (

    select
        ---------- ids
        event_type,

        ---------- meaning
        family,
        description,
        cast(triggers as varchar[]) as triggers,

        ---------- coding
        ace_subtype,
        cameo_code,
        cameo_root,
        quad_class,
        goldstein

    from source

),

final as (

    select * from renamed

)

select * from final
