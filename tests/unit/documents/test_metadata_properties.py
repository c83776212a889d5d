"""Properties of header metadata over generated hostile headers (issue #15): reading a header never raises,
every line it says it consumed exists, and a published or modified date is never before 1900 nor after the
file was written."""

import calendar
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.documents.header import extract_metadata
from pipeline.text.normalise import split_lines
from tests.unit.text.test_cleaning_properties import LINE_BREAKS, PROPERTIES, any_texts, header_lines

_MONTH_NAMES = list(calendar.month_name)[1:]
_MONTHS = ["January", "March", "June", "November", "Feb", "Sept.", "декабря", "марта", "mai"]
_TIMES = ["", " 09:39", ", 15:36 UTC+3", " 4:59 PM EDT", " 23:59 GMT-11", " 00:01 MSK", " 12:00 UTC+14"]
_LABELS = ["", "", "Published: ", "Posted ", "Updated: ", "Last updated ", "Date: ", "First published "]
_RELATIVE = ["yesterday", "2 days ago", "in 3 days", "tomorrow", "5 hours ago", "today", "now"]


file_times = st.datetimes(
    min_value=datetime(1890, 1, 1),
    max_value=datetime(2040, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=3)), timezone(timedelta(hours=-10))]),
)


@st.composite
def date_lines(draw, near: datetime) -> str:
    """A header date as scrapes write it: around the day the file was written (where the edge cases are),
    or from any year (too old, too new, two digits), or none."""
    around = near + timedelta(days=draw(st.integers(-2, 2)))
    day, month, year = around.day, around.month, around.year
    if draw(st.booleans()):
        day, month = draw(st.integers(0, 32)), draw(st.integers(1, 12))
        year = draw(st.one_of(st.integers(1000, 2999), st.integers(1890, 2040), st.integers(0, 99)))
    name = draw(st.one_of(st.just(_MONTH_NAMES[month - 1]), st.sampled_from(_MONTHS)))
    date = draw(
        st.sampled_from(
            [
                f"{day} {name} {year}",
                f"{name} {day:02d}, {year}",
                f"{year:04d}-{month:02d}-{day:02d}",
                f"{day:02d}.{month:02d}.{year}",
                f"{day}/{month}/{year % 100:02d}",
                f"{name} {day:02d}",  # no year: taken from another header date when there is one
                f"{day} {name} {year},, ",
                draw(st.sampled_from(_RELATIVE)),
            ]
        )
    )
    place = draw(st.sampled_from(["", " BEIJING", " MOSCOW", " WASHINGTON"]))
    return draw(st.sampled_from(_LABELS)) + date + draw(st.sampled_from(_TIMES)) + place


@st.composite
def headers_and_file_times(draw) -> tuple[str, datetime]:
    """Header lines (dates among them) above a text of any kind, and when the file was written."""
    file_time = draw(file_times)
    dates = date_lines(file_time.astimezone(UTC))
    top = draw(st.lists(st.one_of(dates, dates, header_lines, st.just("")), max_size=8))
    ends = draw(
        st.lists(st.sampled_from(["\n", "\n", "\r\n", *LINE_BREAKS]), min_size=len(top), max_size=len(top))
    )
    return "".join(line + end for line, end in zip(top, ends, strict=True)) + draw(any_texts), file_time


@settings(PROPERTIES, max_examples=80)
@given(headers_and_file_times())
def test_header_metadata_never_raises_consumes_real_lines_and_dates_fall_before_the_file_was_written(
    header_and_file_time,
):
    text, file_time = header_and_file_time
    lines = split_lines(text)
    metadata, consumed = extract_metadata(lines, file_time=file_time)
    assert all(0 <= index < len(lines) and lines[index].text for index in consumed)
    # A day-precision date is midnight UTC of a local day, so "not after the file was written" allows the
    # file's own day in any time zone: a day's grace (header.is_plausible).
    latest = file_time + timedelta(days=1)
    for parsed in (metadata.published, metadata.modified):
        if parsed is None:
            continue
        assert parsed.instant.tzinfo is not None and parsed.precision in ("day", "minute")
        assert datetime(1900, 1, 1, tzinfo=UTC) <= parsed.instant
        assert parsed.instant <= latest, parsed


def test_a_yearless_date_line_never_moves_the_published_date_past_the_file_time():
    """Regression: extract_metadata took a yearless date line ("June 02, 23:59") within a day of the
    published date without checking it was plausible, so it could land after the file was written."""
    file_time = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    text = (
        "Published: 2 June 2024\nJune 02, 23:59\n\n"
        "The talks went on late into the night, aides said on Friday, and both sides agreed to meet again.\n"
    )
    metadata, _ = extract_metadata(split_lines(text), file_time=file_time)
    # 2024-06-02T23:59Z: 35 hours after the file was written, beyond the day's grace.
    assert metadata.published.instant <= file_time + timedelta(days=1)
