with

source as (

    select * from {{ source('lake', 'removed_spans') }}

),

renamed as (

    select
        doc_id,
        batch_id,
        text,
        reason,
        raw_start,
        raw_end

    from source

),

final as (

    select * from renamed

)

select * from final
