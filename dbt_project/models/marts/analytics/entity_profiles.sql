-- One row per entity: how much and when it is mentioned, what the text says it is, who it appears
-- with, and the latest quotes by it and about it. Articles count a duplicate cluster once.
with

entities as (

    select * from {{ ref('entities') }}

),

documents as (

    select doc_id, dup_cluster_id, story_id, published_at, publisher from {{ ref('documents') }}

),

mentions as (

    select doc_id, entity_id, start_char, end_char from {{ ref('entity_mentions') }}
    where entity_id is not null

),

quotes as (

    select quote_id, doc_id, speaker_entity_id, text, kind, cue, start_char, end_char
    from {{ ref('quotes') }}

),

roles as (

    select entity_id, role, first_seen, doc_count from {{ ref('entity_roles') }}

),

cooccurrence as (

    select entity_id_a, name_a, entity_id_b, name_b, doc_count from {{ ref('entity_cooccurrence') }}

),

event_participants as (

    -- Typed events only: an untyped `occurrence` ("went", "said it found") is no event to profile.
    select distinct event_id, entity_id from {{ ref('event_participants') }}
    where entity_id is not null
        and event_id in (select event_id from {{ ref('events') }} where event_type <> 'occurrence')

),

mentioned as (

    select
        mentions.entity_id,
        count(*) as mention_count,
        count(distinct documents.dup_cluster_id) as doc_count,
        count(distinct documents.story_id) as story_count,
        count(distinct documents.publisher) as publisher_count,
        min(documents.published_at) as first_seen,
        max(documents.published_at) as last_seen

    from mentions
    inner join documents on documents.doc_id = mentions.doc_id
    group by mentions.entity_id

),

-- Mentions and articles per calendar month (UTC) of publication; undated documents are left out.
monthly_counts as (

    select
        mentions.entity_id,
        date_trunc('month', timezone('UTC', documents.published_at))::date as month,
        count(*) as mention_count,
        count(distinct documents.dup_cluster_id) as doc_count

    from mentions
    inner join documents on documents.doc_id = mentions.doc_id
    where documents.published_at is not null
    group by all

),

monthly as (

    select
        entity_id,
        list(
            {'month': month, 'doc_count': doc_count, 'mention_count': mention_count}
            order by month
        ) as mentions_by_month

    from monthly_counts
    group by entity_id

),

role_lists as (

    select
        entity_id,
        list(role order by doc_count desc, first_seen nulls last, role) as roles

    from roles
    group by entity_id

),

-- Both directions of each pair, ranked per entity by shared articles.
partners as (

    select entity_id_a as entity_id, name_b as partner, doc_count from cooccurrence
    union all
    select entity_id_b as entity_id, name_a as partner, doc_count from cooccurrence

),

top_partners as (

    select
        entity_id,
        list(partner order by doc_count desc, partner)[1:5] as top_co_mentioned

    from partners
    group by entity_id

),

quoted as (

    select
        quotes.*,
        documents.published_at,
        documents.dup_cluster_id

    from quotes
    inner join documents on documents.doc_id = quotes.doc_id

),

-- A quote is about an entity when the entity is mentioned inside the quoted words, by someone else.
quote_subjects as (

    select distinct quoted.quote_id, mentions.entity_id

    from quoted
    inner join mentions
        on mentions.doc_id = quoted.doc_id
        and mentions.start_char >= quoted.start_char
        and mentions.end_char <= quoted.end_char
    where quoted.speaker_entity_id is distinct from mentions.entity_id

),

-- Quotes by (speaker) or about (subject) each entity, one copy per duplicate cluster and words, so a
-- syndicated copy counts and shows once: the earliest published.
linked_quotes as (

    select speaker_entity_id as entity_id, 'by' as link, quoted.*
    from quoted
    where speaker_entity_id is not null

    union all

    select quote_subjects.entity_id, 'about' as link, quoted.*
    from quoted
    inner join quote_subjects on quote_subjects.quote_id = quoted.quote_id

),

distinct_quotes as (

    select * from linked_quotes
    qualify row_number() over (
        partition by entity_id, link, dup_cluster_id, text
        order by published_at nulls last, doc_id, start_char
    ) = 1

),

quote_lists as (

    select
        entity_id,
        count(*) filter (where link = 'by') as quotes_by_count,
        count(*) filter (where link = 'about') as quotes_about_count,
        list(
            {'text': text, 'published_at': published_at, 'doc_id': doc_id}
            order by published_at desc nulls last, doc_id, start_char
        ) filter (where link = 'by') as quotes_by,
        list(
            {'text': text, 'published_at': published_at, 'doc_id': doc_id}
            order by published_at desc nulls last, doc_id, start_char
        ) filter (where link = 'about') as quotes_about

    from distinct_quotes
    group by entity_id

),

events as (

    select entity_id, count(*) as event_count from event_participants group by entity_id

),

final as (

    select
        entities.entity_id,
        entities.name,
        entities.type,
        entities.aliases,
        coalesce(mentioned.mention_count, 0) as mention_count,
        coalesce(mentioned.doc_count, 0) as doc_count,
        coalesce(mentioned.story_count, 0) as story_count,
        coalesce(mentioned.publisher_count, 0) as publisher_count,
        mentioned.first_seen,
        mentioned.last_seen,
        coalesce(monthly.mentions_by_month, []) as mentions_by_month,
        coalesce(role_lists.roles, []::varchar[]) as roles,
        coalesce(top_partners.top_co_mentioned, []::varchar[]) as top_co_mentioned,
        coalesce(quote_lists.quotes_by_count, 0) as quotes_by_count,
        coalesce(quote_lists.quotes_by[1:3], []) as latest_quotes_by,
        coalesce(quote_lists.quotes_about_count, 0) as quotes_about_count,
        coalesce(quote_lists.quotes_about[1:3], []) as latest_quotes_about,
        coalesce(events.event_count, 0) as event_count

    from entities
    left join mentioned on mentioned.entity_id = entities.entity_id
    left join monthly on monthly.entity_id = entities.entity_id
    left join role_lists on role_lists.entity_id = entities.entity_id
    left join top_partners on top_partners.entity_id = entities.entity_id
    left join quote_lists on quote_lists.entity_id = entities.entity_id
    left join events on events.entity_id = entities.entity_id

)

select * from final
