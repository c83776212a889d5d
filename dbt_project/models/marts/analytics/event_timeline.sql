-- Events in date order, each with its type, participants, place and the articles that report it.
-- The date is the one the text states; an event no text dates falls on the day it was first reported.
with

events as (

    -- Typed events: an untyped `occurrence` is kept in `events` for linking reports, not for a timeline.
    select * from {{ ref('events') }} where event_type <> 'occurrence'

),

participants as (

    select event_id, name, role, entity_id, mention_count from {{ ref('event_participants') }}

),

mentions as (

    select event_id, doc_id, text, in_title, confidence from {{ ref('event_mentions') }}

),

documents as (

    select doc_id, dup_cluster_id, title, publisher, published_at, url from {{ ref('documents') }}

),

participant_lists as (

    select
        event_id,
        list({'name': name, 'role': role, 'entity_id': entity_id} order by role, mention_count desc, name)
            as participants,
        string_agg(name, ', ' order by mention_count desc, name) filter (where role = 'actor') as actors,
        string_agg(name, ', ' order by mention_count desc, name) filter (where role <> 'actor') as targets

    from participants
    group by event_id

),

reports as (

    select distinct on (mentions.event_id, mentions.doc_id)
        mentions.event_id,
        mentions.doc_id,
        mentions.text,
        mentions.in_title,
        mentions.confidence,
        documents.dup_cluster_id,
        documents.title,
        documents.publisher,
        documents.published_at,
        documents.url

    from mentions
    inner join documents on documents.doc_id = mentions.doc_id
    order by mentions.event_id, mentions.doc_id, mentions.in_title desc, mentions.confidence desc

),

source_lists as (

    select
        event_id,
        list(
            {'doc_id': doc_id, 'title': title, 'publisher': publisher, 'published_at': published_at, 'url': url}
            order by published_at nulls last, doc_id
        ) as sources,
        list(distinct publisher order by publisher) filter (where publisher is not null) as publishers,
        -- What the first report says: its headline when the headline reports the event, else the sentence.
        trim(arg_min(text, (published_at is null, published_at, not in_title, doc_id))) as summary

    from reports
    group by event_id

),

final as (

    select
        events.event_id,
        coalesce(events.start_date, timezone('UTC', events.first_reported_at)::date) as event_date,
        case when events.start_date is null then 'first_reported' else 'stated' end as date_basis,
        events.end_date,
        events.date_precision,
        events.event_type,
        events.family,
        events.status,
        events.cameo_code,
        events.quad_class,
        events.goldstein,
        source_lists.summary,
        participant_lists.actors,
        participant_lists.targets,
        coalesce(participant_lists.participants, []) as participants,
        events.location,
        events.location_full_name,
        events.country_code,
        events.latitude,
        events.longitude,
        events.doc_count,
        events.source_count,
        events.mention_count,
        coalesce(source_lists.publishers, []::varchar[]) as publishers,
        coalesce(source_lists.sources, []) as sources,
        events.first_reported_at,
        events.confidence

    from events
    left join participant_lists on participant_lists.event_id = events.event_id
    left join source_lists on source_lists.event_id = events.event_id

)

select * from final
