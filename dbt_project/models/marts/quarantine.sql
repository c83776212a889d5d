with

quarantine as (

    select * from {{ ref('stg_quarantine') }}

),

ingested as (

    select * from {{ ref('stg_ingested_files') }}

),

-- A file's latest batch decides: quarantined once and readable later means it is a document now.
latest_batch as (

    select source_path, max(batch_id) as batch_id
    from (
        select source_path, batch_id from quarantine
        union all
        select source_path, batch_id from ingested
    )
    group by source_path

),

final as (

    select quarantine.*
    from quarantine
    inner join latest_batch using (source_path, batch_id)

)

select * from final
