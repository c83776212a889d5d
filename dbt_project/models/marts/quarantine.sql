-- The public name of the staged lake table quarantined_files: a view, with its columns under the
-- model contract. Which rejections still hold is the corpus step's rule (pipeline/corpus/versions.py).
select * from {{ ref('stg_quarantined_files') }}
