with

source as (

    select * from {{ source('lake', 'ingest_log') }}

),

renamed as (

    select
        source_path,
        content_sha256,
        size_bytes,
        cast(first_seen as timestamptz) as first_seen,
        cast(last_seen as timestamptz) as last_seen,
        status,
        reason,
        documents,
        quarantined

    from source

),

final as (

    select * from renamed

)

select * from final
