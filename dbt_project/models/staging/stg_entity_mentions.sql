with

source as (

    select * from {{ source('lake', 'entity_mentions') }}

),

renamed as (

    select
        doc_id,
        entity_id,
        text,
        start_char,
        end_char,
        label,
        kind

    from source

),

final as (

    select * from renamed

)

select * from final
