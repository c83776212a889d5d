-- Pairs of entities named in the same articles: how many articles (a duplicate cluster counts once),
-- how many stories, and when. Each unordered pair appears once, entity_id_a < entity_id_b.
with

mentions as (

    select distinct doc_id, entity_id from {{ ref('entity_mentions') }}
    where entity_id is not null

),

documents as (

    select doc_id, dup_cluster_id, story_id, published_at from {{ ref('documents') }}

),

entities as (

    select entity_id, name, type from {{ ref('entities') }}

),

-- One row per (article, entity): the copies of a duplicate cluster are one article.
article_entities as (

    select
        documents.dup_cluster_id,
        mentions.entity_id,
        min(documents.story_id) as story_id,
        min(documents.published_at) as published_at

    from mentions
    inner join documents on documents.doc_id = mentions.doc_id
    group by documents.dup_cluster_id, mentions.entity_id

),

pairs as (

    select
        a.entity_id as entity_id_a,
        b.entity_id as entity_id_b,
        count(*) as doc_count,
        count(distinct a.story_id) as story_count,
        min(a.published_at) as first_seen,
        max(a.published_at) as last_seen,
        list(a.dup_cluster_id order by a.published_at nulls last, a.dup_cluster_id) as doc_ids,
        list(distinct a.story_id order by a.story_id) as story_ids

    from article_entities as a
    inner join article_entities as b
        on a.dup_cluster_id = b.dup_cluster_id and a.entity_id < b.entity_id
    group by a.entity_id, b.entity_id

),

final as (

    select
        pairs.entity_id_a,
        entity_a.name as name_a,
        entity_a.type as type_a,
        pairs.entity_id_b,
        entity_b.name as name_b,
        entity_b.type as type_b,
        pairs.doc_count,
        pairs.story_count,
        pairs.first_seen,
        pairs.last_seen,
        pairs.doc_ids,
        pairs.story_ids

    from pairs
    inner join entities as entity_a on entity_a.entity_id = pairs.entity_id_a
    inner join entities as entity_b on entity_b.entity_id = pairs.entity_id_b

)

select * from final
