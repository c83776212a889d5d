with

quotes as (

    select * from {{ ref('stg_quotes') }}

),

body_offsets as (

    select * from {{ ref('body_offsets') }}

),

final as (

    select
        quotes.*,
        {{ raw_position('start_run', 'quotes.start_char', 'start') }} as raw_start_char,
        {{ raw_position('end_run', 'quotes.end_char', 'end') }} as raw_end_char

    from quotes
    left join body_offsets as start_run
        on start_run.doc_id = quotes.doc_id
        and quotes.start_char >= start_run.body_start
        and quotes.start_char < start_run.body_end
    left join body_offsets as end_run
        on end_run.doc_id = quotes.doc_id
        and quotes.end_char - 1 >= end_run.body_start
        and quotes.end_char - 1 < end_run.body_end

)

select * from final
