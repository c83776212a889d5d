with

documents as (

    select * from {{ ref('stg_documents') }}

),

final as (

    select
        *,
        -- A document outside any duplicate cluster is a cluster of one; a null key must not
        -- lump all such documents into one big partition.
        count(*) over (partition by coalesce(dup_cluster_id, doc_id)) as cluster_size

    from documents

)

select * from final
