with

source as (

    select * from {{ source('lake', 'entities') }}

),

renamed as (

    select
        entity_id,
        name,
        type,
        cast(aliases as varchar[]) as aliases,
        mention_count,
        doc_count,
        country_entity_id

    from source

),

final as (

    select * from renamed

)

select * from final
