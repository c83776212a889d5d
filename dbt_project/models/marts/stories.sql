-- Stories with their top entities named (the lake keeps ids only) and whether any copy is undated.
with

stories as (

    select * from {{ ref('stg_stories') }}

),

entities as (

    select entity_id, name from {{ ref('stg_entities') }}

),

top_entities as (

    select
        stories.story_id,
        list(entities.name order by ranked.position) as top_entities

    from stories
    cross join unnest(stories.top_entity_ids) with ordinality as ranked(entity_id, position)
    inner join entities on entities.entity_id = ranked.entity_id
    group by stories.story_id

),

final as (

    select
        stories.story_id,
        stories.label,
        stories.first_seen,
        stories.last_seen,
        datediff('day', stories.first_seen, stories.last_seen) + 1 as days_covered,
        stories.doc_count,
        stories.copy_count,
        stories.publisher_count,
        coalesce(top_entities.top_entities, []::varchar[]) as top_entities

    from stories
    left join top_entities on top_entities.story_id = stories.story_id

)

select * from final
