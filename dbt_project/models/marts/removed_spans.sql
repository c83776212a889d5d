with

removed_spans as (

    select * from {{ ref('stg_removed_spans') }}

),

documents as (

    select doc_id, batch_id from {{ ref('stg_documents') }}

),

-- Only the spans of each document's current version; older batches' copies are stale.
final as (

    select removed_spans.*
    from removed_spans
    inner join documents using (doc_id, batch_id)

)

select * from final
