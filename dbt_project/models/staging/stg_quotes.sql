with

source as (

    select * from {{ source('lake', 'quotes') }}

),

renamed as (

    select
        ---------- ids
        quote_id,
        doc_id,
        speaker_entity_id,

        ---------- quote
        text,
        kind,
        start_char,
        end_char,
        -- mapped to the raw text by the corpus step (pipeline/text/offsets.py body_to_raw)
        raw_start_char,
        raw_end_char,

        ---------- attribution
        speaker,
        speaker_reason,
        cue,
        attribution,
        speaker_via,
        confidence,

        ---------- the same words across documents
        quote_cluster_id

    from source

),

final as (

    select * from renamed

)

select * from final
