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
        documents.doc_id,
        documents.publisher,
        documents.published_at,
        documents.is_canonical,
        -- The copy that speaks for the cluster: attributed first, then the most confident, then the first.
        row_number() over (
            partition by quotes.quote_cluster_id
            order by
                quotes.speaker_entity_id is not null desc,
                quotes.confidence desc,
                quotes.doc_id,
                quotes.start_char
        ) as copy_rank

    from quotes
    inner join documents on quotes.doc_id = documents.doc_id

),

counts as (

    select
        quote_cluster_id,
        count(distinct doc_id) as doc_count,
        count(distinct doc_id) filter (where is_canonical) as independent_doc_count,
        count(distinct publisher) as publisher_count,
        min(published_at) as first_published_at

    from quoted
    group by quote_cluster_id

),

final as (

    select
        quoted.quote_cluster_id,
        quoted.text,
        quoted.speaker,
        quoted.speaker_entity_id,
        counts.doc_count,
        counts.independent_doc_count,
        counts.publisher_count,
        counts.first_published_at

    from quoted
    inner join counts on quoted.quote_cluster_id = counts.quote_cluster_id
    where quoted.copy_rank = 1

)

select * from final
