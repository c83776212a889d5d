-- Documents, duplicates and quarantined files per publisher and day. A document's day is its
-- publication date (its duplicate cluster's when it has none), else the day its file first arrived;
-- a quarantined file has neither publisher nor date, so it counts under '(unknown)' on its arrival day.
with

documents as (

    select doc_id, source_path, publisher, reference_date, is_canonical, word_count
    from {{ ref('documents') }}

),

quarantine as (

    select source_path, detected_at from {{ ref('quarantine') }}

),

ingest_log as (

    select source_path, first_seen from {{ ref('ingest_log') }}

),

document_days as (

    select
        coalesce(documents.publisher, '(unknown)') as publisher,
        coalesce(
            documents.reference_date,
            timezone('UTC', ingest_log.first_seen)::date
        ) as day,
        documents.reference_date is null as dated_by_arrival,
        documents.is_canonical,
        documents.word_count

    from documents
    -- A JSON Lines record's source_path is its file's ("export.jsonl"), its doc_id its own.
    left join ingest_log on ingest_log.source_path = split_part(documents.source_path, '#', 1)

),

document_volume as (

    select
        publisher,
        day,
        count(*) as documents,
        count(*) filter (where is_canonical) as articles,
        count(*) filter (where not is_canonical) as duplicates,
        count(*) filter (where dated_by_arrival) as dated_by_arrival,
        sum(word_count)::bigint as words

    from document_days
    group by all

),

quarantine_volume as (

    select
        '(unknown)' as publisher,
        timezone('UTC', coalesce(ingest_log.first_seen, quarantine.detected_at))::date as day,
        count(*) as quarantined

    from quarantine
    left join ingest_log on ingest_log.source_path = split_part(quarantine.source_path, '#', 1)
    group by all

),

final as (

    select
        coalesce(document_volume.publisher, quarantine_volume.publisher) as publisher,
        coalesce(document_volume.day, quarantine_volume.day) as day,
        coalesce(document_volume.documents, 0) as documents,
        coalesce(document_volume.articles, 0) as articles,
        coalesce(document_volume.duplicates, 0) as duplicates,
        coalesce(document_volume.duplicates, 0) / nullif(document_volume.documents, 0) as duplicate_rate,
        coalesce(quarantine_volume.quarantined, 0) as quarantined,
        coalesce(document_volume.dated_by_arrival, 0) as dated_by_arrival,
        coalesce(document_volume.words, 0) as words

    from document_volume
    full outer join quarantine_volume
        on quarantine_volume.publisher = document_volume.publisher
        and quarantine_volume.day = document_volume.day

)

select * from final
