with

source as (

    select * from {{ source('lake', 'body_offsets') }}

),

renamed as (

    select
        doc_id,
        batch_id,
        body_start,
        body_end,
        raw_start,
        raw_end

    from source

),

final as (

    select * from renamed

)

select * from final
