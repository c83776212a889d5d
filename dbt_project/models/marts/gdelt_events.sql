-- The CAMEO-coded events in GDELT 2.0's Events table layout (its column names, order and meanings), so a
-- query written for GDELT runs here. What newsgraph does not code (CAMEO actor codes, actor places, tone)
-- is null, or 0 where GDELT writes 0 for "not found" (the actors' place types); newsgraph's own keys
-- come last for joining.
with

events as (

    select
        *,
        -- GDELT's ADM1Code joins FIPS codes ("USTX"); a place GDELT counts as a country (the Gaza Strip
        -- too) carries its country's code alone.
        case
            when geo_type = 1 or adm1_code is null then country_fips
            -- a city of the Gaza Strip or the West Bank: FIPS counts the territory as the country
            when country_fips in ('GZ', 'WE') and split_part(adm1_code, '.', 2) in ('GZ', 'WE') then country_fips
            else country_fips || split_part(adm1_code, '.', 2)
        end as fips_adm1_code

    from {{ ref('stg_events') }}
    -- GDELT's table holds CAMEO-coded events only: a type without a code (an earthquake) has no row.
    where cameo_code is not null

),

participants as (

    select
        event_id,
        entity_id,
        name,
        country_code,
        mention_count,
        -- GDELT's dyad: Actor1 did it to Actor2.
        case when role = 'actor' then 1 else 2 end as actor_slot

    from {{ ref('stg_event_participants') }}
    where role in ('actor', 'target', 'victim')

),

ranked_participants as (

    select
        *,
        -- The most mentioned participant in the slot speaks for it; a linked entity before an unnamed one.
        row_number() over (
            partition by event_id, actor_slot
            order by mention_count desc, entity_id is null, name, entity_id
        ) as slot_rank

    from participants

),

actors as (

    select
        event_id,
        max(upper(name)) filter (where actor_slot = 1) as actor1_name,
        max(country_code) filter (where actor_slot = 1) as actor1_country_code,
        max(upper(name)) filter (where actor_slot = 2) as actor2_name,
        max(country_code) filter (where actor_slot = 2) as actor2_country_code

    from ranked_participants
    where slot_rank = 1
    group by event_id

),

reports as (

    select
        mentions.event_id,
        mentions.start_char,
        mentions.in_title,
        documents.url,
        row_number() over (
            partition by mentions.event_id
            order by documents.url is null, documents.published_at nulls last, documents.doc_id
        ) as report_rank

    from {{ ref('stg_event_mentions') }} as mentions
    inner join {{ ref('stg_documents') }} as documents on documents.doc_id = mentions.doc_id

),

reporting as (

    select
        event_id,
        -- The lead: a mention in the headline, or whose sentence starts in the first 500 characters of
        -- its document's body.
        max(case when in_title or start_char < 500 then 1 else 0 end) as is_root_event,
        max(url) filter (where report_rank = 1) as source_url

    from reports
    group by event_id

),

final as (

    select
        ---------- event id and date
        cast(('0x' || left(md5(events.event_id), 15)) as bigint) as GlobalEventID,
        cast(strftime(events.start_date, '%Y%m%d') as integer) as SQLDATE,
        cast(strftime(events.start_date, '%Y%m') as integer) as MonthYear,
        cast(year(events.start_date) as integer) as Year,
        round(
            year(events.start_date)
            + (dayofyear(events.start_date) - 1) / dayofyear(make_date(year(events.start_date), 12, 31)),
            4
        ) as FractionDate,

        ---------- actor 1
        cast(null as varchar) as Actor1Code,
        actors.actor1_name as Actor1Name,
        actors.actor1_country_code as Actor1CountryCode,
        cast(null as varchar) as Actor1KnownGroupCode,
        cast(null as varchar) as Actor1EthnicCode,
        cast(null as varchar) as Actor1Religion1Code,
        cast(null as varchar) as Actor1Religion2Code,
        cast(null as varchar) as Actor1Type1Code,
        cast(null as varchar) as Actor1Type2Code,
        cast(null as varchar) as Actor1Type3Code,

        ---------- actor 2
        cast(null as varchar) as Actor2Code,
        actors.actor2_name as Actor2Name,
        actors.actor2_country_code as Actor2CountryCode,
        cast(null as varchar) as Actor2KnownGroupCode,
        cast(null as varchar) as Actor2EthnicCode,
        cast(null as varchar) as Actor2Religion1Code,
        cast(null as varchar) as Actor2Religion2Code,
        cast(null as varchar) as Actor2Type1Code,
        cast(null as varchar) as Actor2Type2Code,
        cast(null as varchar) as Actor2Type3Code,

        ---------- event action attributes
        cast(coalesce(reporting.is_root_event, 0) as integer) as IsRootEvent,
        events.cameo_code as EventCode,
        left(events.cameo_code, 3) as EventBaseCode,
        events.cameo_root as EventRootCode,
        cast(events.quad_class as integer) as QuadClass,
        events.goldstein as GoldsteinScale,
        events.mention_count as NumMentions,
        events.source_count as NumSources,
        events.doc_count as NumArticles,
        cast(null as double) as AvgTone,

        ---------- actor 1 geography: unplaced, which GDELT writes as type 0
        0 as Actor1Geo_Type,
        cast(null as varchar) as Actor1Geo_FullName,
        cast(null as varchar) as Actor1Geo_CountryCode,
        cast(null as varchar) as Actor1Geo_ADM1Code,
        cast(null as varchar) as Actor1Geo_ADM2Code,
        cast(null as double) as Actor1Geo_Lat,
        cast(null as double) as Actor1Geo_Long,
        cast(null as varchar) as Actor1Geo_FeatureID,

        ---------- actor 2 geography: unplaced
        0 as Actor2Geo_Type,
        cast(null as varchar) as Actor2Geo_FullName,
        cast(null as varchar) as Actor2Geo_CountryCode,
        cast(null as varchar) as Actor2Geo_ADM1Code,
        cast(null as varchar) as Actor2Geo_ADM2Code,
        cast(null as double) as Actor2Geo_Lat,
        cast(null as double) as Actor2Geo_Long,
        cast(null as varchar) as Actor2Geo_FeatureID,

        ---------- action geography
        -- GDELT writes 0 for an event it could not place; 0 is also a continent here (GDELT has no type for one).
        cast(coalesce(events.geo_type, 0) as integer) as ActionGeo_Type,
        events.location_full_name as ActionGeo_FullName,
        events.country_fips as ActionGeo_CountryCode,
        events.fips_adm1_code as ActionGeo_ADM1Code,
        cast(null as varchar) as ActionGeo_ADM2Code,
        events.latitude as ActionGeo_Lat,
        events.longitude as ActionGeo_Long,
        -- GDELT: a numeric feature id for a city, the place's textual code for a country or a state.
        case
            when events.geo_type in (3, 4) then cast(events.geoname_id as varchar)
            when events.geo_type in (1, 2, 5) then events.fips_adm1_code
        end as ActionGeo_FeatureID,

        ---------- provenance
        cast(strftime(events.first_reported_at at time zone 'UTC', '%Y%m%d%H%M%S') as bigint) as DATEADDED,
        reporting.source_url as SOURCEURL,

        ---------- newsgraph's keys
        events.event_id,
        events.event_type

    from events
    left join actors on actors.event_id = events.event_id
    left join reporting on reporting.event_id = events.event_id

)

select * from final
