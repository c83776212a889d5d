-- The public name of the staged lake table ingest_log: a view, with its columns under the model
-- contract. How each file ended is the corpus step's rule (pipeline/corpus/versions.py).
select * from {{ ref('stg_ingest_log') }}
