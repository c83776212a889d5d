with

source as (

    select * from {{ source('lake', 'entity_roles') }}

),

renamed as (

    select
        ---------- ids
        entity_id,
        doc_id,

        ---------- role
        role,
        cast(first_seen as timestamptz) as first_seen,
        doc_count

    from source

),

final as (

    select * from renamed

)

select * from final
