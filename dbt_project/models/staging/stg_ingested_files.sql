with

source as (

    select source_path, batch_id from {{ source('lake', 'raw_documents') }}

),

final as (

    select * from source

)

select * from final
