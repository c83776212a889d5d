-- The same words quoted across documents: how many independent documents and publishers carry each.

with

quotes as (

    select * from {{ ref('stg_quotes') }}

),

documents as (

    select doc_id, publisher, published_at, is_canonical from {{ ref('stg_documents') }}

),

quoted as (

    select
        quotes.quote_cluster_id,
        quotes.text,
        quotes.speaker,
        quotes.speaker_entity_id,
        quotes.confidence,
        documents.doc_id,
        documents.publisher,
        documents.published_at,
        documents.is_canonical

    from quotes
    inner join documents on quotes.doc_id = documents.doc_id

),

final as (

    select
        quote_cluster_id,
        -- The best-attributed copy speaks for the cluster.
        arg_max(text, confidence) as text,
        arg_max(speaker, confidence) as speaker,
        arg_max(speaker_entity_id, confidence) as speaker_entity_id,
        count(distinct doc_id) as doc_count,
        count(distinct doc_id) filter (where is_canonical) as independent_doc_count,
        count(distinct publisher) as publisher_count,
        min(published_at) as first_published_at

    from quoted
    group by quote_cluster_id

)

select * from final
