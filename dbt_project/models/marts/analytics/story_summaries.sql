-- One row per story: its span, its articles and publishers, the people, places and organisations it
-- is about, what was said and what happened. Articles count a duplicate cluster once.
with

stories as (

    select * from {{ ref('stories') }}

),

documents as (

    select doc_id, dup_cluster_id, story_id, title, publisher, published_at, is_canonical
    from {{ ref('documents') }}

),

mentions as (

    select doc_id, entity_id from {{ ref('entity_mentions') }}
    where entity_id is not null

),

entities as (

    select entity_id, name, type from {{ ref('entities') }}

),

quotes as (

    select doc_id, quote_cluster_id, speaker, speaker_entity_id, text, start_char from {{ ref('quotes') }}

),

event_mentions as (

    select distinct event_id, doc_id from {{ ref('event_mentions') }}

),

events as (

    select event_id, event_type, start_date, location, doc_count from {{ ref('events') }}
    where event_type <> 'occurrence'  -- typed events: an untyped occurrence is no headline event

),

publishers as (

    select
        story_id,
        list(distinct publisher order by publisher) filter (where publisher is not null) as publishers,
        -- Headlines of the story's articles, earliest first (one per duplicate cluster).
        list(title order by published_at nulls last, doc_id) filter (where is_canonical and title is not null)
            as headlines

    from documents
    group by story_id

),

-- Entities by the share of the story's articles that name them.
story_entities as (

    select
        documents.story_id,
        entities.entity_id,
        entities.name,
        entities.type,
        count(distinct documents.dup_cluster_id) as articles

    from mentions
    inner join documents on documents.doc_id = mentions.doc_id
    inner join entities on entities.entity_id = mentions.entity_id
    group by all

),

entity_lists as (

    select
        story_id,
        list(name order by articles desc, name) filter (where type = 'PERSON')[1:5] as people,
        list(name order by articles desc, name) filter (where type in ('GPE', 'LOC', 'FAC'))[1:5] as places,
        list(name order by articles desc, name) filter (where type = 'ORG')[1:5] as organisations

    from story_entities
    group by story_id

),

story_quotes as (

    select
        documents.story_id,
        quotes.quote_cluster_id,
        arg_min(quotes.text, (quotes.doc_id, quotes.start_char)) as text,
        -- The attributed copy's speaker, when any copy has one.
        max(quotes.speaker) as speaker,
        count(distinct documents.dup_cluster_id) as articles

    from quotes
    inner join documents on documents.doc_id = quotes.doc_id
    group by all

),

quote_lists as (

    select
        story_id,
        count(*) as quote_count,
        list({'text': text, 'speaker': speaker, 'articles': articles} order by articles desc, speaker is null, text)[1:5]
            as top_quotes

    from story_quotes
    group by story_id

),

story_events as (

    select distinct documents.story_id, events.*

    from event_mentions
    inner join documents on documents.doc_id = event_mentions.doc_id
    inner join events on events.event_id = event_mentions.event_id

),

event_lists as (

    select
        story_id,
        count(*) as event_count,
        list(
            {'event_id': event_id, 'event_type': event_type, 'start_date': start_date, 'location': location}
            order by doc_count desc, start_date nulls last, event_id
        )[1:5] as top_events

    from story_events
    group by story_id

),

final as (

    select
        stories.story_id,
        stories.label,
        stories.first_seen,
        stories.last_seen,
        stories.days_covered,
        stories.doc_count,
        stories.copy_count,
        stories.publisher_count,
        coalesce(publishers.publishers, []::varchar[]) as publishers,
        coalesce(publishers.headlines, []::varchar[]) as headlines,
        stories.top_entities,
        coalesce(entity_lists.people, []::varchar[]) as people,
        coalesce(entity_lists.places, []::varchar[]) as places,
        coalesce(entity_lists.organisations, []::varchar[]) as organisations,
        coalesce(quote_lists.quote_count, 0) as quote_count,
        coalesce(quote_lists.top_quotes, []) as top_quotes,
        coalesce(event_lists.event_count, 0) as event_count,
        coalesce(event_lists.top_events, []) as top_events

    from stories
    left join publishers on publishers.story_id = stories.story_id
    left join entity_lists on entity_lists.story_id = stories.story_id
    left join quote_lists on quote_lists.story_id = stories.story_id
    left join event_lists on event_lists.story_id = stories.story_id

)

select * from final
