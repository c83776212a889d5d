with

source as (

    select * from {{ source('lake', 'stories') }}

),

renamed as (

    select
        story_id,
        label,
        first_seen,
        last_seen,
        doc_count,
        copy_count,
        publisher_count,
        top_entity_ids

    from source

),

final as (

    select * from renamed

)

select * from final
