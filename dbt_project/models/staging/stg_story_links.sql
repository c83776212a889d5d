with

source as (

    select * from {{ source('lake', 'story_links') }}

),

renamed as (

    select
        doc_id,
        story_id,
        matched_doc_id,
        probability,
        story_score

    from source

),

final as (

    select * from renamed

)

select * from final
