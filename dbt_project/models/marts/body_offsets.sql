with

body_offsets as (

    select * from {{ ref('stg_body_offsets') }}

),

documents as (

    select doc_id, batch_id from {{ ref('stg_documents') }}

),

-- Only the runs of each document's current version; older batches' copies are stale.
final as (

    select body_offsets.*
    from body_offsets
    inner join documents using (doc_id, batch_id)

)

select * from final
