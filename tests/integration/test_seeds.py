"""Acceptance on the five seed scrapes the project was created from (skipped when ../shared is absent)."""

import pytest

from tests.integration.conftest import SHARED, materialize_everything, query

SEEDS = SHARED / "seeds"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not available"),
]


@pytest.fixture(scope="module")
def seeds_warehouse(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("seeds")
    materialize_everything(SEEDS, data_dir)
    return data_dir


def cluster_of(data_dir, prefix: str) -> str:
    (cluster,) = query(data_dir, f"select dup_cluster_id from documents where source_path like '{prefix}%'")[
        0
    ]
    return cluster


def test_the_two_copies_of_one_story_share_a_cluster_and_the_rewrite_does_not(seeds_warehouse):
    assert cluster_of(seeds_warehouse, "000_") == cluster_of(seeds_warehouse, "001_")
    assert cluster_of(seeds_warehouse, "002_") != cluster_of(seeds_warehouse, "000_")


def story_of(data_dir, prefix: str) -> str:
    ((story,),) = query(data_dir, f"select story_id from documents where source_path like '{prefix}%'")
    return story


def test_the_rewrite_joins_the_story_and_the_2017_meeting_is_another(seeds_warehouse):
    assert (
        story_of(seeds_warehouse, "000_")
        == story_of(seeds_warehouse, "001_")
        == story_of(seeds_warehouse, "002_")
    )
    assert story_of(seeds_warehouse, "004_") != story_of(seeds_warehouse, "000_")
    ((doc_count, copy_count, first_seen, top),) = query(
        seeds_warehouse,
        "select doc_count, copy_count, first_seen::varchar, top_entities from stories where story_id = "
        f"'{story_of(seeds_warehouse, '000_')}'",
    )
    # 000 and 001 are copies of one article: counted once in doc_count, twice in copy_count.
    assert copy_count - doc_count == 1
    assert first_seen == "2022-12-21"
    # The two who met lead: both articles name them, and name them most (stories.story_rows).
    assert set(top[:2]) == {"Dmitry Medvedev", "Xi Jinping"}
    assert "Russia" in top


def test_short_names_resolve_to_the_people_they_abbreviate(seeds_warehouse):
    rows = dict(
        query(
            seeds_warehouse,
            "select m.text, list(distinct e.name || ':' || e.type) from entity_mentions m "
            "join entities e using (entity_id) where m.text in ('Medvedev', 'Xi') group by m.text",
        )
    )
    assert rows == {"Medvedev": ["Dmitry Medvedev:PERSON"], "Xi": ["Xi Jinping:PERSON"]}


def test_medvedev_is_quoted_saying_the_talks_were_useful(seeds_warehouse):
    speakers = query(
        seeds_warehouse, "select distinct speaker from quotes where text = 'The talks were quite useful'"
    )
    assert speakers == [("Dmitry Medvedev",)]


def test_the_2017_and_2022_medvedev_xi_meetings_are_two_events(seeds_warehouse):
    rows = query(
        seeds_warehouse,
        """
        select e.start_date, e.location, e.doc_count
        from events e join event_participants p using (event_id) join entities n using (entity_id)
        where e.event_type = 'meet'
        group by all
        having list_sort(list(n.name)) = ['Dmitry Medvedev', 'Xi Jinping']
        order by 1
        """,
    )
    # 000, 001 and 002 report the 2022 meeting; 000 and 001 are copies of one article, counted once.
    assert [(str(d), loc, n) for d, loc, n in rows] == [
        ("2017-11-01", "Beijing", 1),
        ("2022-12-21", "Beijing", 2),
    ]


def test_the_briefing_maps_the_seeds_event_places(seeds_warehouse):
    """Real places (the seeds report meetings in Moscow and Beijing) are geocoded, so the page has a map."""
    page = (seeds_warehouse / "reports" / "briefing.html").read_text()
    placed = query(seeds_warehouse, "select count(*) from event_timeline where latitude is not null")[0][0]
    assert placed > 0
    assert 'id="chart-map"' in page
