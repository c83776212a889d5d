"""Cross-document event coreference (`pipeline.corpus.events.merged_events`) on hand-built mentions: what
merges, what stays apart, and what the merged rows carry."""

from dataclasses import replace
from datetime import UTC, date, datetime

from pipeline.corpus.events import DocumentContext, merged_events, source_of
from pipeline.nlp.events import DocEventMention, Participant


def mention(doc_id, *, event_type="attack", day=None, end=None, place=None, people=(), status="happened",
            start=0, dateline=False, unnamed=()):  # fmt: skip
    return DocEventMention(
        doc_id=doc_id,
        batch_id="b1",
        event_type=event_type,
        trigger="attacked",
        trigger_lemma="attack",
        trigger_start=start,
        trigger_end=start + 8,
        status=status,
        confidence=0.7,
        participants=[Participant(name=n, role=r, named=True) for n, r in people]
        + [Participant(name=n, role=r, named=False) for n, r in unnamed],
        start_date=day,
        end_date=end,
        date_precision="day" if day else None,
        date_explicit=day is not None,
        place=place,
        place_from_dateline=dateline,
        text="...",
        start_char=start,
        end_char=start + 40,
        in_title=False,
    )


def context(story, published=date(2023, 3, 15), source="bbc", cluster=None):
    stamp = datetime(published.year, published.month, published.day, tzinfo=UTC) if published else None
    return DocumentContext(
        story_id=story,
        dup_cluster_id=cluster or story + source,
        reference_date=published,
        published_at=stamp,
        source=source,
    )


def merge(mentions, contexts, link=None):
    link = (
        link
        if link is not None
        else {
            (m.doc_id, p.name): "ent_" + p.name.lower() for m in mentions for p in m.participants if p.named
        }
    )
    return merged_events(mentions, context_of=contexts, link=link, entity_type={})


def docs_per_event(merged):
    docs: dict[str, set[str]] = {}
    for report in merged.reports:
        docs.setdefault(report.event_id, set()).add(report.doc_id)
    return sorted(sorted(d) for d in docs.values())


RUSSIA_UKRAINE = (("Russia", "actor"), ("Ukraine", "target"))


def test_reports_of_one_story_on_one_day_are_one_event_counted_by_source():
    mentions = [
        mention("a", day=date(2023, 3, 14), people=RUSSIA_UKRAINE, place="Kharkiv"),
        mention("b", day=date(2023, 3, 14), people=RUSSIA_UKRAINE),
        mention("c", people=RUSSIA_UKRAINE),  # undated, published the next day: the same attack
    ]
    contexts = {
        "a": context("s1", source="bbc"),
        "b": context("s1", source="bbc"),
        "c": context("s1", source="ap"),
    }
    merged = merge(mentions, contexts)
    (event,) = merged.events
    assert (event.doc_count, event.source_count, event.mention_count) == (3, 2, 3)
    assert event.start_date == date(2023, 3, 14) and event.location == "Kharkiv"
    assert event.country_code == "UA" and event.latitude is not None and event.cameo_code == "190"


def test_the_same_actors_on_different_days_are_different_events():
    mentions = [
        mention("a", day=date(2023, 3, 14), people=RUSSIA_UKRAINE),
        mention("b", day=date(2023, 3, 1), people=RUSSIA_UKRAINE),
    ]
    merged = merge(mentions, {"a": context("s1"), "b": context("s1")})
    assert docs_per_event(merged) == [["a"], ["b"]]


def test_the_same_kind_of_event_in_different_countries_is_different_events():
    mentions = [
        mention("a", event_type="earthquake", day=date(2023, 3, 14), place="Turkey"),
        mention("b", event_type="earthquake", day=date(2023, 3, 14), place="Chile"),
    ]
    merged = merge(mentions, {"a": context("s1"), "b": context("s1")})
    assert docs_per_event(merged) == [["a"], ["b"]]


def test_an_undated_report_published_years_later_is_another_event():
    mentions = [mention("a", people=RUSSIA_UKRAINE), mention("b", people=RUSSIA_UKRAINE)]
    contexts = {"a": context("s1", published=date(2017, 11, 1)), "b": context("s1")}
    assert docs_per_event(merge(mentions, contexts)) == [["a"], ["b"]]


def test_across_stories_only_a_shared_participant_on_the_same_stated_day_merges():
    same_day = [
        mention("a", day=date(2023, 3, 14), people=RUSSIA_UKRAINE),
        mention("b", day=date(2023, 3, 14), people=RUSSIA_UKRAINE),
    ]
    assert docs_per_event(merge(same_day, {"a": context("s1"), "b": context("s2")})) == [["a", "b"]]
    undated = [mention("a", people=RUSSIA_UKRAINE), mention("b", people=RUSSIA_UKRAINE)]
    assert docs_per_event(merge(undated, {"a": context("s1"), "b": context("s2")})) == [["a"], ["b"]]


def test_participants_with_nobody_in_common_are_different_events():
    mentions = [
        mention("a", day=date(2023, 3, 14), people=(("Hamas", "actor"),)),
        mention("b", day=date(2023, 3, 14), people=(("Taliban", "actor"),)),
    ]
    assert docs_per_event(merge(mentions, {"a": context("s1"), "b": context("s1")})) == [["a"], ["b"]]


def test_a_denied_attack_is_not_the_attack():
    mentions = [mention("a", day=date(2023, 3, 14)), mention("b", day=date(2023, 3, 14), status="negated")]
    merged = merge(mentions, {"a": context("s1"), "b": context("s1")})
    assert sorted(e.status for e in merged.events) == ["happened", "negated"]


def test_participants_keep_entities_and_unnamed_arguments_with_their_roles():
    mentions = [
        mention(
            "a", day=date(2023, 3, 14), people=(("Russia", "actor"),), unnamed=(("civilians", "victim"),)
        ),
        mention("a", day=date(2023, 3, 14), people=(("Russia", "actor"),), start=50),
    ]
    merged = merge(mentions, {"a": context("s1")})
    rows = {(p.entity_id, p.name, p.role, p.mention_count) for p in merged.participants}
    assert rows == {("ent_russia", "Russia", "actor", 2), (None, "civilians", "victim", 1)}
    assert {p.country_code for p in merged.participants if p.entity_id} == {"RUS"}


def test_a_dateline_place_is_a_fallback_and_says_so():
    merged = merge([mention("a", place="London", dateline=True)], {"a": context("s1")})
    (event,) = merged.events
    assert (event.location, event.location_from_dateline, event.country_code) == ("London", True, "GB")


def test_event_ids_do_not_depend_on_input_order():
    mentions = [
        mention("a", day=date(2023, 3, 14), people=RUSSIA_UKRAINE),
        mention("b", day=date(2023, 3, 1), people=RUSSIA_UKRAINE),
    ]
    contexts = {"a": context("s1"), "b": context("s1")}
    assert merge(mentions, contexts) == merge(mentions[::-1], contexts)


def test_a_source_is_its_publisher_else_its_host_else_its_cluster():
    assert source_of("BBC News", None, "c1") == "bbc news"
    assert source_of(None, "https://www.reuters.com/world/x", "c1") == "reuters.com"
    assert source_of(None, None, "c1") == "unattributed:c1"


def test_one_actor_arresting_two_people_is_two_arrests():
    mentions = [
        mention("a", event_type="arrest", people=(("Police", "actor"), ("Jackson", "target"))),
        mention("b", event_type="arrest", people=(("Police", "actor"), ("Williams", "target"))),
        mention("c", event_type="arrest", people=(("Jackson", "target"),)),
    ]
    contexts = {d: context("s1") for d in "abc"}
    assert docs_per_event(merge(mentions, contexts)) == [["a", "c"], ["b"]]


def test_an_unplaced_mention_is_where_its_document_is():
    mentions = [
        mention("a", event_type="earthquake", day=date(2023, 3, 14), place="Turkey"),
        mention("b", event_type="earthquake", place="Chile"),
        mention("b", event_type="earthquake", start=100),  # no place of its own: Chile, as its document
    ]
    merged = merge(mentions, {"a": context("s1", cluster="ca"), "b": context("s1", cluster="cb")})
    assert docs_per_event(merged) == [["a"], ["b"]]
    assert len(merged.events) == 2


def test_across_stories_an_unplaced_mention_is_where_its_document_is():
    mentions = [
        mention(
            "a", event_type="arrest", day=date(2023, 3, 14), place="Turkey", people=(("Police", "actor"),)
        ),
        mention("b", event_type="storm", day=date(2023, 3, 14), place="Chile"),
        # No place of its own: in Chile, as its document, so not the Turkish arrest naming the same police.
        mention("b", event_type="arrest", day=date(2023, 3, 14), start=100, people=(("Police", "actor"),)),
    ]
    merged = merge(mentions, {"a": context("s1"), "b": context("s2")})
    assert docs_per_event(merged) == [["a"], ["b"], ["b"]]


def occurrence(doc_id, lemma, *, start=0, people=()):
    return replace(mention(doc_id, event_type="occurrence", start=start, people=people), trigger_lemma=lemma)


def test_occurrences_of_one_story_group_by_lemma_and_never_across_stories():
    mentions = [
        occurrence("a", "fall"),
        occurrence("b", "fall"),
        occurrence("b", "rescue", start=50),
        occurrence("c", "fall", people=(("Smith", "actor"),)),
    ]
    contexts = {"a": context("s1", cluster="ca"), "b": context("s1", cluster="cb"), "c": context("s2")}
    assert sorted(docs_per_event(merge(mentions, contexts))) == [["a", "b"], ["b"], ["c"]]


def test_two_states_of_one_country_are_two_places():
    mentions = [
        mention("a", event_type="storm", day=date(2023, 3, 14), place="Texas"),
        mention("b", event_type="storm", day=date(2023, 3, 14), place="California"),
    ]
    assert docs_per_event(merge(mentions, {"a": context("s1"), "b": context("s1")})) == [["a"], ["b"]]


def test_a_nationality_gives_an_actor_its_country():
    merged = merge(
        [mention("a", day=date(2023, 3, 14), people=(("Russian forces", "actor"),))],
        {"a": context("s1")},
        link={("a", "Russian forces"): "ent_rf"},
    )
    assert [p.country_code for p in merged.participants] == ["RUS"]


def test_a_headline_mention_and_a_body_mention_at_one_offset_have_different_ids():
    headline = replace(mention("a", event_type="fire", place="Paris"), in_title=True)
    body = mention("a", event_type="fire", place="Lyon")
    merged = merge([headline, body], {"a": context("s1")})
    assert len({e.event_id for e in merged.events}) == 2


def test_rows_do_not_depend_on_the_order_mentions_arrive_in():
    mentions = [
        mention(
            d,
            event_type=t,
            day=date(2023, 3, 1 + i % 5),
            place=p,
            start=i * 10,
            people=RUSSIA_UKRAINE[: i % 3],
        )
        for i, (d, t, p) in enumerate(
            [(d, t, p) for d in "abcd" for t in ("attack", "meet", "protest") for p in ("Kyiv", "Lviv", None)]
        )
    ]
    contexts = {d: context("s1" if d in "ab" else "s2") for d in "abcd"}
    forward = merge(mentions, contexts)
    assert merge(mentions[::-1], contexts) == forward
    assert merge(mentions[1::2] + mentions[::2], contexts) == forward
