"""The daily briefing: one self-contained HTML page from the warehouse's marts.

    python -m newsgraph.report [--data-dir data] [--days 7] [--out data/reports/briefing.html]

It covers the `days` publication days up to the latest one the warehouse holds (not the calendar's
today: a folder of last year's news still gets its briefing): top stories, the most-quoted people, an
events timeline, a map of event places when the geocoder placed any, and publisher volume. Charts are
drawn with matplotlib and inlined as SVG, so the page needs no network, no script and no other file;
it can be mailed or opened from disk. Each refresh writes it (the `daily_briefing` asset).
"""

from __future__ import annotations

import argparse
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import jinja2
import matplotlib

matplotlib.use("Agg")  # no display: figures are only ever written as SVG
import matplotlib.dates as mdates  # noqa: E402  (the backend must be chosen before pyplot loads)
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from newsgraph.warehouse import DEFAULT_WAIT_SECONDS, open_read_only, warehouse_path  # noqa: E402

DEFAULT_DAYS = 7
REPORT_NAME = "briefing.html"
TOP_STORIES = 8
TOP_SPEAKERS = 10
TIMELINE_EVENTS = 25
# One colour per event family, the rest grey: a reader tells conflict from contact at a glance.
FAMILY_COLOURS = {
    "conflict": "#c0392b",
    "contact": "#2e86c1",
    "transaction": "#28b463",
    "justice": "#8e44ad",
    "movement": "#d68910",
    "disaster": "#6e2c00",
    "life": "#5d6d7e",
    "cameo": "#17a589",
    "business": "#b7950b",
    "personnel": "#a04000",
    "news": "#7d3c98",
}
OTHER_COLOUR = "#aab7b8"


@dataclass
class Briefing:
    """What the page shows, read from the marts; `render_html` turns it into the page."""

    first_day: date | None
    last_day: date | None
    days: int
    totals: dict[str, int]
    stories: pd.DataFrame
    speakers: pd.DataFrame
    events: pd.DataFrame
    places: pd.DataFrame
    volume: pd.DataFrame
    generated_at: datetime = field(default_factory=lambda: datetime.now().astimezone())


def read_briefing(connection: duckdb.DuckDBPyConnection, days: int = DEFAULT_DAYS) -> Briefing:
    """Everything the page needs, for the `days` publication days up to the latest dated document."""
    (last_day,) = connection.execute("select max(reference_date) from documents").fetchone()
    first_day = last_day - timedelta(days=days - 1) if last_day else None
    window = [first_day, last_day]

    def frame(sql: str, parameters: list | None = None) -> pd.DataFrame:
        return connection.execute(sql, parameters or []).df()

    totals = dict(
        zip(
            ["articles", "documents", "stories", "quotes", "events", "quarantined"],
            connection.execute(
                """
                select
                    (select count(*) from documents where is_canonical
                        and reference_date between $1 and $2),
                    (select count(*) from documents where reference_date between $1 and $2),
                    (select count(*) from story_summaries where last_seen between $1 and $2),
                    (select count(*) from quotes join documents using (doc_id)
                        where documents.reference_date between $1 and $2),
                    (select count(*) from event_timeline where event_date between $1 and $2),
                    (select coalesce(sum(quarantined), 0) from publisher_daily_volume)
                """,
                window,
            ).fetchone(),
            strict=True,
        )
    )
    stories = frame(
        f"""
        select label, first_seen, last_seen, doc_count, publisher_count, publishers, people, places,
               top_quotes[1] as top_quote, event_count
        from story_summaries
        where last_seen between $1 and $2
        order by doc_count desc, publisher_count desc, last_seen desc, label
        limit {TOP_STORIES}
        """,
        window,
    )
    # Counted in the window (speaker_quotes counts all time); one copy per duplicate cluster.
    speakers = frame(
        f"""
        with quoted as (
            select distinct
                quotes.speaker_entity_id, quotes.quote_cluster_id, quotes.kind, quotes.text,
                documents.dup_cluster_id, documents.publisher, documents.published_at
            from quotes
            join documents using (doc_id)
            join entities on entities.entity_id = quotes.speaker_entity_id
            where entities.type = 'PERSON' and documents.reference_date between $1 and $2
        )
        select
            speaker_quotes.speaker,
            count(distinct quoted.quote_cluster_id) as quotes,
            count(distinct quoted.quote_cluster_id) filter (where quoted.kind <> 'indirect') as quoted_directly,
            count(distinct quoted.publisher) as publishers,
            arg_max(quoted.text, quoted.published_at) as latest_quote
        from quoted
        join speaker_quotes on speaker_quotes.speaker_entity_id = quoted.speaker_entity_id
        group by speaker_quotes.speaker_key, speaker_quotes.speaker
        order by quotes desc, speaker_quotes.speaker
        limit {TOP_SPEAKERS}
        """,
        window,
    )
    events = frame(
        f"""
        select event_date, date_basis, event_type, family, status, summary, actors, targets,
               location, doc_count, source_count
        from event_timeline
        where event_date between $1 and $2 and status <> 'negated'
        order by event_date, doc_count desc, event_type, event_id
        limit {TIMELINE_EVENTS}
        """,
        window,
    )
    places = frame(
        """
        select coalesce(location_full_name, location) as place, latitude, longitude,
               count(*) as events, sum(doc_count) as reports
        from event_timeline
        where latitude is not null and event_date between $1 and $2
        group by all
        order by events desc, place
        """,
        window,
    )
    volume = frame(
        """
        select publisher, day, articles, duplicates, quarantined
        from publisher_daily_volume
        where day between $1 and $2
        order by day, publisher
        """,
        window,
    )
    return Briefing(first_day, last_day, days, totals, stories, speakers, events, places, volume)


def _svg(figure: plt.Figure) -> str:
    """The figure as an inline <svg> element (the XML prolog dropped), then closed."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _shorten(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def stories_chart(stories: pd.DataFrame) -> str | None:
    if stories.empty:
        return None
    labels = [_shorten(_text(label) or "(untitled)", 60) for label in stories["label"]][::-1]
    figure, axes = plt.subplots(figsize=(8, 0.45 * len(labels) + 0.8))
    axes.barh(labels, stories["doc_count"][::-1], color="#2e86c1")
    axes.set_xlabel("articles (copies counted once)")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def speakers_chart(speakers: pd.DataFrame) -> str | None:
    if speakers.empty:
        return None
    names = list(speakers["speaker"])[::-1]
    direct = list(speakers["quoted_directly"])[::-1]
    indirect = [total - d for total, d in zip(list(speakers["quotes"])[::-1], direct, strict=True)]
    figure, axes = plt.subplots(figsize=(8, 0.4 * len(names) + 0.8))
    axes.barh(names, direct, color="#1f618d", label="in quotation marks")
    axes.barh(names, indirect, left=direct, color="#85c1e9", label="reported speech")
    axes.set_xlabel("distinct quotes")
    axes.legend(frameon=False, loc="lower right")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def timeline_chart(events: pd.DataFrame) -> str | None:
    if events.empty:
        return None
    types = sorted(events["event_type"].unique())
    row = {event_type: number for number, event_type in enumerate(types)}
    figure, axes = plt.subplots(figsize=(9, 0.35 * len(types) + 1.2))
    for family, group in events.groupby("family", dropna=False):
        axes.scatter(
            pd.to_datetime(group["event_date"]),
            [row[t] for t in group["event_type"]],
            s=40 + 30 * group["doc_count"].clip(upper=10),
            color=FAMILY_COLOURS.get(family, OTHER_COLOUR),
            alpha=0.8,
            label=family,
            edgecolors="white",
        )
    axes.set_yticks(range(len(types)), types)
    axes.legend(frameon=False, bbox_to_anchor=(1.0, 1.0), loc="upper left", title="family")
    axes.grid(axis="x", color="#eeeeee")
    axes.spines[["top", "right"]].set_visible(False)
    first, last = pd.to_datetime(events["event_date"]).agg(["min", "max"])
    if first == last:  # one day: give the axis a day either side, or it has no range to mark
        axes.set_xlim(first - pd.Timedelta(days=1), last + pd.Timedelta(days=1))
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))
    figure.autofmt_xdate()
    return _svg(figure)


def map_chart(places: pd.DataFrame) -> str | None:
    """Event places on longitude/latitude axes (equirectangular), sized by events, labelled."""
    if places.empty:
        return None
    figure, axes = plt.subplots(figsize=(9, 4.8))
    axes.set_xlim(-180, 180)
    axes.set_ylim(-70, 80)
    axes.set_xticks(range(-180, 181, 60))
    axes.set_yticks(range(-60, 81, 30))
    axes.grid(color="#dddddd")
    axes.axhline(0, color="#bbbbbb", linewidth=0.8)
    axes.scatter(
        places["longitude"],
        places["latitude"],
        s=30 + 25 * places["events"],
        color="#c0392b",
        alpha=0.7,
        edgecolors="white",
    )
    for place, longitude, latitude in (
        places[["place", "longitude", "latitude"]].head(15).itertuples(index=False)
    ):
        axes.annotate(
            _shorten(place.split(",")[0], 24),
            (longitude, latitude),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8,
        )
    axes.set_xlabel("longitude")
    axes.set_ylabel("latitude")
    axes.set_aspect("equal")
    return _svg(figure)


def volume_chart(volume: pd.DataFrame) -> str | None:
    if volume.empty:
        return None
    table = volume.pivot_table(
        index="day", columns="publisher", values="articles", aggfunc="sum", fill_value=0
    )
    copies = volume.groupby("day")["duplicates"].sum().reindex(table.index, fill_value=0)
    figure, axes = plt.subplots(figsize=(9, 3.6))
    bottom = [0] * len(table.index)
    labels = [day.strftime("%d %b") for day in pd.to_datetime(table.index)]
    for publisher in table.columns:
        axes.bar(labels, table[publisher], bottom=bottom, label=publisher)
        bottom = [b + v for b, v in zip(bottom, table[publisher], strict=True)]
    axes.bar(labels, copies, bottom=bottom, color="#d5d8dc", hatch="//", label="copies")
    axes.set_ylabel("articles")
    axes.legend(frameon=False, bbox_to_anchor=(1.0, 1.0), loc="upper left")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _day(value: object) -> str:
    """A date, a pandas Timestamp or a datetime as '12 Mar 2024'; missing values as ''."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%d %b %Y")


def _text(value: object) -> str:
    """A value for a table cell: pandas' missing values (None, NaN) as ''."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    return str(value)


_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_ENVIRONMENT.filters.update(day=_day, text=_text)
TEMPLATE = _ENVIRONMENT.from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>newsgraph briefing{% if b.last_day %} — {{ b.last_day.strftime('%d %B %Y') }}{% endif %}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; color: #1c2833; max-width: 1040px; margin: 2em auto; padding: 0 1em; }
  h1 { margin-bottom: 0.1em; } h2 { border-bottom: 2px solid #d6eaf8; padding-bottom: 0.2em; margin-top: 2em; }
  .lead { color: #5d6d7e; margin-top: 0; }
  .totals { display: flex; gap: 1.5em; flex-wrap: wrap; margin: 1.2em 0; }
  .totals div { background: #f4f6f7; border-radius: 6px; padding: 0.5em 1em; }
  .totals b { display: block; font-size: 1.6em; }
  table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
  th, td { text-align: left; vertical-align: top; padding: 0.35em 0.5em; border-bottom: 1px solid #eaeded; }
  th { background: #f4f6f7; }
  figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
  .quote { font-style: italic; color: #34495e; }
  .empty { color: #7f8c8d; }
  footer { margin-top: 3em; color: #7f8c8d; font-size: 0.85em; }
</style>
</head>
<body>
<h1>newsgraph briefing</h1>
{% if b.last_day %}
<p class="lead">Publication days {{ b.first_day.strftime('%d %B %Y') }} to {{ b.last_day.strftime('%d %B %Y') }} ({{ b.days }} days)</p>
{% else %}
<p class="lead">No dated document in the warehouse yet.</p>
{% endif %}
<div class="totals">
  {% for name, value in b.totals.items() %}<div><b>{{ value }}</b>{{ name }}</div>{% endfor %}
</div>

<section id="stories">
<h2>Top stories</h2>
{% if charts.stories %}
<figure class="chart" id="chart-stories">{{ charts.stories | safe }}</figure>
<table>
<tr><th>story</th><th>seen</th><th>articles</th><th>publishers</th><th>people</th><th>most repeated quote</th></tr>
{% for s in b.stories.itertuples() %}
<tr>
  <td>{{ (s.label | text) or '(untitled)' }}</td>
  <td>{{ s.first_seen | day }}{% if s.last_seen != s.first_seen %} – {{ s.last_seen | day }}{% endif %}</td>
  <td>{{ s.doc_count }}</td>
  <td>{{ s.publishers | join(', ') }}</td>
  <td>{{ s.people | join(', ') }}</td>
  <td>{% if s.top_quote %}<span class="quote">“{{ short(s.top_quote['text'], 140) }}”</span>{% if s.top_quote['speaker'] %} — {{ s.top_quote['speaker'] }}{% endif %}{% endif %}</td>
</tr>
{% endfor %}
</table>
{% else %}<p class="empty">No story has an article in these days.</p>{% endif %}
</section>

<section id="speakers">
<h2>Most-quoted people</h2>
{% if charts.speakers %}
<figure class="chart" id="chart-speakers">{{ charts.speakers | safe }}</figure>
<table>
<tr><th>person</th><th>quotes</th><th>publishers</th><th>latest</th></tr>
{% for s in b.speakers.itertuples() %}
<tr><td>{{ s.speaker }}</td><td>{{ s.quotes }}</td><td>{{ s.publishers }}</td><td class="quote">“{{ short(s.latest_quote | text, 160) }}”</td></tr>
{% endfor %}
</table>
{% else %}<p class="empty">Nobody is quoted by name in these days.</p>{% endif %}
</section>

<section id="events">
<h2>Events timeline</h2>
{% if charts.timeline %}
<figure class="chart" id="chart-timeline">{{ charts.timeline | safe }}</figure>
<table>
<tr><th>date</th><th>event</th><th>who</th><th>where</th><th>reports</th><th>what the first report says</th></tr>
{% for e in b.events.itertuples() %}
<tr>
  <td>{{ e.event_date | day }}{% if e.date_basis != 'stated' %}*{% endif %}</td>
  <td>{{ e.event_type }}{% if e.status != 'happened' %} ({{ e.status }}){% endif %}</td>
  <td>{{ e.actors | text }}{% if e.targets | text %} → {{ e.targets }}{% endif %}</td>
  <td>{{ e.location | text }}</td>
  <td>{{ e.doc_count }}</td>
  <td>{{ short(e.summary | text, 160) }}</td>
</tr>
{% endfor %}
</table>
<p class="empty">* no text states the date: the day of the first report.</p>
{% else %}<p class="empty">No event is dated in these days.</p>{% endif %}
</section>

<section id="map">
<h2>Where</h2>
{% if charts.map %}
<figure class="chart" id="chart-map">{{ charts.map | safe }}</figure>
{% else %}<p class="empty">No event of these days has a place the geocoder knows.</p>{% endif %}
</section>

<section id="volume">
<h2>Publisher volume</h2>
{% if charts.volume %}
<figure class="chart" id="chart-volume">{{ charts.volume | safe }}</figure>
{% else %}<p class="empty">No document is dated in these days.</p>{% endif %}
<p>{{ b.totals['quarantined'] }} file(s) in quarantine in all (see the <code>quarantine</code> table).</p>
</section>

<footer>Generated {{ b.generated_at.strftime('%Y-%m-%d %H:%M %Z') }} by newsgraph from warehouse.duckdb
(story_summaries, speaker_quotes, event_timeline, publisher_daily_volume).</footer>
</body>
</html>
"""
)


def render_html(briefing: Briefing) -> str:
    charts = {
        "stories": stories_chart(briefing.stories),
        "speakers": speakers_chart(briefing.speakers),
        "timeline": timeline_chart(briefing.events),
        "map": map_chart(briefing.places),
        "volume": volume_chart(briefing.volume),
    }
    return TEMPLATE.render(b=briefing, charts=charts, short=_shorten)


def write_report(
    out: Path | None = None,
    *,
    data_dir: str | Path | None = None,
    days: int = DEFAULT_DAYS,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> Path:
    """Read the marts, render the page and write it atomically (default: <data_dir>/reports/briefing.html)."""
    source = warehouse_path(data_dir)
    out = Path(out) if out else source.parent / "reports" / REPORT_NAME
    with open_read_only(source, wait_seconds) as connection:
        briefing = read_briefing(connection, days)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(render_html(briefing), encoding="utf-8")
    partial.replace(out)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None, help="default: $NEWSGRAPH_DATA_DIR or data")
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="publication days covered")
    parser.add_argument("--out", type=Path, default=None, help="default: <data dir>/reports/briefing.html")
    args = parser.parse_args(argv)
    print(write_report(args.out, data_dir=args.data_dir, days=args.days))


if __name__ == "__main__":
    main()
