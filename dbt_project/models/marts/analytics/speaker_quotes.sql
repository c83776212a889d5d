-- One row per speaker: how often, how and where they are quoted. A speaker is their entity when the
-- quote is linked to one, else the words that name them ("a spokesman for Disney").
with

quotes as (

    select * from {{ ref('quotes') }}
    where speaker is not null

),

documents as (

    select doc_id, dup_cluster_id, publisher, published_at from {{ ref('documents') }}

),

entities as (

    select entity_id, name, type from {{ ref('entities') }}

),

quote_clusters as (

    select quote_cluster_id, publisher_count from {{ ref('quote_clusters') }}

),

quoted as (

    select
        coalesce(quotes.speaker_entity_id, 'speaker:' || lower(quotes.speaker)) as speaker_key,
        quotes.speaker_entity_id,
        quotes.speaker,
        quotes.quote_cluster_id,
        quotes.text,
        quotes.kind,
        quotes.cue,
        quotes.start_char,
        documents.doc_id,
        documents.dup_cluster_id,
        documents.publisher,
        documents.published_at,
        quote_clusters.publisher_count as quote_publisher_count

    from quotes
    inner join documents on documents.doc_id = quotes.doc_id
    left join quote_clusters on quote_clusters.quote_cluster_id = quotes.quote_cluster_id

),

-- The name as most of its quotes give it, ties broken by the name itself so a re-run gives the same row.
spoken_names as (

    select speaker_key, arg_max(speaker, (uses, speaker)) as speaker
    from (
        select speaker_key, speaker, count(*) as uses
        from quoted
        group by all
    )
    group by speaker_key

),

cues as (

    select speaker_key, list(cue order by uses desc, cue) as cue_verbs
    from (
        select speaker_key, cue, count(*) as uses
        from quoted
        where cue is not null
        group by all
    )
    group by speaker_key

),

per_speaker as (

    select
        speaker_key,
        max(speaker_entity_id) as speaker_entity_id,
        count(distinct quote_cluster_id) as quote_count,
        count(*) as quote_mention_count,
        count(distinct quote_cluster_id) filter (where kind = 'direct') as direct_count,
        count(distinct quote_cluster_id) filter (where kind = 'partial') as partial_count,
        count(distinct quote_cluster_id) filter (where kind = 'indirect') as indirect_count,
        count(distinct dup_cluster_id) as doc_count,
        count(distinct publisher) as publisher_count,
        list(distinct publisher order by publisher) filter (where publisher is not null) as publishers,
        min(published_at) as first_quoted_at,
        max(published_at) as last_quoted_at,
        arg_max(text, (published_at is not null, published_at, doc_id, start_char)) as latest_quote,
        -- The quote most publishers carry, the earliest such (then the first in doc order) on a tie.
        arg_min(
            text,
            (-coalesce(quote_publisher_count, 0), coalesce(published_at, '9999-01-01'::timestamptz), doc_id, start_char)
        ) as most_spread_quote

    from quoted
    group by speaker_key

),

final as (

    select
        per_speaker.speaker_key,
        per_speaker.speaker_entity_id,
        -- entities.name wins when the speaker is linked to an entity.
        coalesce(entities.name, spoken_names.speaker) as speaker,
        entities.type as speaker_type,
        per_speaker.quote_count,
        per_speaker.quote_mention_count,
        per_speaker.direct_count,
        per_speaker.partial_count,
        per_speaker.indirect_count,
        coalesce(cues.cue_verbs, []::varchar[]) as cue_verbs,
        per_speaker.doc_count,
        per_speaker.publisher_count,
        coalesce(per_speaker.publishers, []::varchar[]) as publishers,
        per_speaker.first_quoted_at,
        per_speaker.last_quoted_at,
        per_speaker.latest_quote,
        per_speaker.most_spread_quote

    from per_speaker
    left join entities on entities.entity_id = per_speaker.speaker_entity_id
    left join cues on cues.speaker_key = per_speaker.speaker_key
    inner join spoken_names on spoken_names.speaker_key = per_speaker.speaker_key

)

select * from final
