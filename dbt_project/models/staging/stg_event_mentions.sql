with

source as (

    select * from {{ source('lake', 'event_mentions') }}

),

renamed as (

    select
        ---------- ids
        event_id,
        doc_id,

        ---------- trigger
        event_type,
        trigger,
        trigger_lemma,
        trigger_start,
        trigger_end,

        ---------- sentence
        start_char,
        end_char,
        text,
        in_title,

        ---------- what this mention alone says
        status,
        confidence,
        cast(start_date as date) as start_date,
        date_precision

    from source

),

final as (

    select * from renamed

)

select * from final
