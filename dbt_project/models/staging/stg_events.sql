with

source as (

    select * from {{ source('lake', 'events') }}

),

renamed as (

    select
        ---------- ids
        event_id,

        ---------- kind, in the taxonomy (stg_event_types) and its CAMEO coding
        event_type,
        family,
        cameo_code,
        cameo_root,
        quad_class,
        goldstein,
        status,

        ---------- when
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        date_precision,

        ---------- where (geocoded like GDELT's ActionGeo)
        location,
        location_full_name,
        location_from_dateline,
        country_code,
        country_fips,
        adm1_code,
        latitude,
        longitude,
        feature_type,
        geo_type,
        geoname_id,

        ---------- reporting
        doc_count,
        source_count,
        mention_count,
        cast(first_reported_at as timestamptz) as first_reported_at,
        confidence

    from source

),

final as (

    select * from renamed

)

select * from final
