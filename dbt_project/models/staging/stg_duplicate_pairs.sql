with

source as (

    select * from {{ source('lake', 'duplicate_pairs') }}

),

renamed as (

    select
        doc_id_a,
        doc_id_b,
        tier,
        similarity,
        containment,
        method

    from source

),

final as (

    select * from renamed

)

select * from final
