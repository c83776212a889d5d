with

source as (

    select * from {{ source('lake', 'documents') }}

),

renamed as (

    select
        ---------- ids
        doc_id,
        batch_id,
        dup_cluster_id,
        story_id,

        ---------- provenance
        source_path,
        coalesce(source_format, 'text') as source_format,
        content_sha256,
        cast(modified_at as timestamptz) as modified_at,

        ---------- metadata
        title,
        subtitle,
        cast(published_at as timestamptz) as published_at,
        published_tz,
        published_precision,
        cast(reference_date as date) as reference_date,
        url,
        publisher,
        dateline,
        section,
        author,
        language,

        ---------- text
        body,
        word_count,
        body_sha256,

        ---------- deduplication
        is_canonical,
        metadata_filled_from

    from source

),

final as (

    select * from renamed

)

select * from final
