with

quarantine as (

    select * from {{ ref('stg_quarantine') }}

),

documents as (

    select source_path from {{ ref('stg_documents') }}

),

latest_batch as (

    select source_path, max(batch_id) as batch_id
    from quarantine
    group by source_path

),

-- A file's latest batch decides: documents holds every file whose latest version could be read, so a
-- file quarantined once and readable later is a document now, and one that broke later is not.
final as (

    select quarantine.*
    from quarantine
    inner join latest_batch using (source_path, batch_id)
    where quarantine.source_path not in (select source_path from documents)

)

select * from final
