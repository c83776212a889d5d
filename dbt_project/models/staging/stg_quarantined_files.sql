with

source as (

    select * from {{ source('lake', 'quarantined_files') }}

),

renamed as (

    select
        source_path,
        batch_id,
        reason,
        cast(detected_at as timestamptz) as detected_at,
        stage

    from source

),

final as (

    select * from renamed

)

select * from final
