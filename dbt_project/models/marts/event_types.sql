-- The public name of the staged lake table: a view, with its columns under the model contract.
select * from {{ ref('stg_event_types') }}
