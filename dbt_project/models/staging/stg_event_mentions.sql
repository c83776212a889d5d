with

source as (

    select * from {{ source('lake', 'event_mentions') }}

),

renamed as (

    select
        event_id,
        doc_id,
        text,
        start_char,
        end_char

    from source

),

final as (

    select * from renamed

)

select * from final
