"""Event dates, form by form: which days a DATE entity's text names, how precisely, whether it named them
outright, anchored on a publication date (Wednesday 2023-03-15 unless a case says otherwise); what is no
event's date; and, over generated text, that resolving never raises and never gives a span ending before
it starts."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.nlp.dates import PRECISIONS, ResolvedDate, resolve_date

WEDNESDAY = date(2023, 3, 15)


def resolved(text: str, reference: date | None = WEDNESDAY, *, future: bool = False) -> tuple | None:
    """The result as (start, end, precision, explicit) with ISO dates, so tables read like the calendar."""
    found = resolve_date(text, reference, future=future)
    if found is None:
        return None
    return found.start.isoformat(), found.end and found.end.isoformat(), found.precision, found.explicit


# (text, start, end, precision): the calendar named outright, so explicit even when the year is inferred.
ABSOLUTE = [
    ("2023-03-20", "2023-03-20", None, "day"),
    ("2023/03/20", "2023-03-20", None, "day"),
    ("March 20, 2023", "2023-03-20", None, "day"),
    ("March 20 2023", "2023-03-20", None, "day"),
    ("March 20th, 2023", "2023-03-20", None, "day"),
    ("20 March 2023", "2023-03-20", None, "day"),
    ("the 20th of March, 2023", "2023-03-20", None, "day"),
    ("Mar. 20, 2023", "2023-03-20", None, "day"),
    ("Sept. 5, 2022", "2022-09-05", None, "day"),
    ("on March 20, 2023", "2023-03-20", None, "day"),
    ("Monday, March 20, 2023", "2023-03-20", None, "day"),
    ("on Monday, 20 March 2023", "2023-03-20", None, "day"),
    ("20.03.2023", "2023-03-20", None, "day"),
    ("3/20/2023", "2023-03-20", None, "day"),
    ("20/3/2023", "2023-03-20", None, "day"),
    ("5 p.m. on March 20, 2023", "2023-03-20", None, "day"),
    ("March 20, 2023, officials said", "2023-03-20", None, "day"),
    # Without a year: the most recent such day on or before the reference plus a week's slack.
    ("March 20", "2023-03-20", None, "day"),
    ("March 15", "2023-03-15", None, "day"),
    ("March 10", "2023-03-10", None, "day"),
    ("March 22", "2023-03-22", None, "day"),
    ("March 23", "2022-03-23", None, "day"),
    ("June 1", "2022-06-01", None, "day"),
    ("February 29", "2020-02-29", None, "day"),
    ("March 20 last year", "2022-03-20", None, "day"),
    # Ranges of days, a year stated once serving both ends.
    ("March 20-22, 2023", "2023-03-20", "2023-03-22", "day"),
    ("March 20 – 22", "2023-03-20", "2023-03-22", "day"),
    ("March 20—22", "2023-03-20", "2023-03-22", "day"),
    ("March 20 to 22, 2023", "2023-03-20", "2023-03-22", "day"),
    ("between March 20 and 22", "2023-03-20", "2023-03-22", "day"),
    ("from March 20 to 22", "2023-03-20", "2023-03-22", "day"),
    ("March 20-22, 2023 in Beijing", "2023-03-20", "2023-03-22", "day"),
    ("March 30 - April 2, 2023", "2023-03-30", "2023-04-02", "day"),
    ("March 30, 2023 - April 2", "2023-03-30", "2023-04-02", "day"),
    ("20-22 March 2023", "2023-03-20", "2023-03-22", "day"),
    ("30 March - 2 April 2023", "2023-03-30", "2023-04-02", "day"),
    ("Dec. 30, 2022 - Jan. 2, 2023", "2022-12-30", "2023-01-02", "day"),
    ("December 30 - January 2, 2023", "2022-12-30", "2023-01-02", "day"),
    ("December 30 - January 2", "2022-12-30", "2023-01-02", "day"),
    ("the week of March 6", "2023-03-06", "2023-03-12", "week"),
    # Months, whole or in thirds; the year chosen for the whole month, so late March is this March's.
    ("March 2023", "2023-03-01", "2023-03-31", "month"),
    ("February 2024", "2024-02-01", "2024-02-29", "month"),
    ("March of 2023", "2023-03-01", "2023-03-31", "month"),
    ("2023-02", "2023-02-01", "2023-02-28", "month"),
    ("in March", "2023-03-01", "2023-03-31", "month"),
    ("March", "2023-03-01", "2023-03-31", "month"),
    ("in April", "2022-04-01", "2022-04-30", "month"),
    ("in January", "2023-01-01", "2023-01-31", "month"),
    ("last March", "2022-03-01", "2022-03-31", "month"),
    ("last January", "2023-01-01", "2023-01-31", "month"),
    ("next March", "2024-03-01", "2024-03-31", "month"),
    ("in June last year", "2022-06-01", "2022-06-30", "month"),
    ("early March", "2023-03-01", "2023-03-10", "month"),
    ("mid-March", "2023-03-11", "2023-03-20", "month"),
    ("late March", "2023-03-21", "2023-03-31", "month"),
    ("late February", "2023-02-21", "2023-02-28", "month"),
    ("the end of March 2022", "2022-03-21", "2022-03-31", "month"),
    ("March-April 2023", "2023-03-01", "2023-04-30", "month"),
    ("November to January", "2022-11-01", "2023-01-31", "month"),
    # Years, whole or in thirds.
    ("2019", "2019-01-01", "2019-12-31", "year"),
    ("in 2019", "2019-01-01", "2019-12-31", "year"),
    ("2019 elections", "2019-01-01", "2019-12-31", "year"),
    ("early 2019", "2019-01-01", "2019-04-30", "year"),
    ("mid-2019", "2019-05-01", "2019-08-31", "year"),
    ("late 2019", "2019-09-01", "2019-12-31", "year"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), ABSOLUTE)
def test_absolute_dates_resolve_to_the_days_they_name(text, start, end, precision):
    assert resolved(text) == (start, end, precision, True)


# (text, start, end, precision), counted from Wednesday 2023-03-15 and looking backwards.
RELATIVE = [
    ("today", "2023-03-15", None, "day"),
    ("tonight", "2023-03-15", None, "day"),
    ("this morning", "2023-03-15", None, "day"),
    ("this afternoon", "2023-03-15", None, "day"),
    ("this evening", "2023-03-15", None, "day"),
    ("earlier today", "2023-03-15", None, "day"),
    ("10:30 a.m. today", "2023-03-15", None, "day"),
    ("yesterday", "2023-03-14", None, "day"),
    ("yesterday afternoon", "2023-03-14", None, "day"),
    ("late yesterday", "2023-03-14", None, "day"),
    ("last night", "2023-03-14", None, "day"),
    ("tomorrow", "2023-03-16", None, "day"),
    ("the day before", "2023-03-14", None, "day"),
    ("the day before, he said", "2023-03-14", None, "day"),
    ("the day before yesterday", "2023-03-13", None, "day"),
    ("the day after tomorrow", "2023-03-17", None, "day"),
    # A weekday alone is the most recent one, the reference itself when it is that weekday.
    ("Wednesday", "2023-03-15", None, "day"),
    ("on Wednesday", "2023-03-15", None, "day"),
    ("Wednesday's", "2023-03-15", None, "day"),
    ("Wednesday night", "2023-03-15", None, "day"),
    ("late on Wednesday", "2023-03-15", None, "day"),
    ("Tuesday", "2023-03-14", None, "day"),
    ("Thursday", "2023-03-09", None, "day"),
    ("on Sunday", "2023-03-12", None, "day"),
    ("Wednesday to discuss", "2023-03-15", None, "day"),
    ("at 5 p.m. on Tuesday", "2023-03-14", None, "day"),
    ("1 p.m. EST Thursday", "2023-03-09", None, "day"),
    ("noon Monday", "2023-03-13", None, "day"),
    ("last Wednesday", "2023-03-08", None, "day"),
    ("last Tuesday", "2023-03-14", None, "day"),
    ("this past Sunday", "2023-03-12", None, "day"),
    ("next Wednesday", "2023-03-22", None, "day"),
    ("next Thursday", "2023-03-16", None, "day"),
    ("this Wednesday", "2023-03-15", None, "day"),
    ("this Friday", "2023-03-17", None, "day"),
    ("this Monday", "2023-03-13", None, "day"),
    ("Wednesday last week", "2023-03-08", None, "day"),
    ("Monday next week", "2023-03-20", None, "day"),
    ("Monday and Tuesday", "2023-03-13", "2023-03-14", "day"),
    ("Saturday to Monday", "2023-03-11", "2023-03-13", "day"),
    # Counted back: days exactly, weeks as the Monday-Sunday week holding the day, months, years.
    ("two days ago", "2023-03-13", None, "day"),
    ("2 days ago", "2023-03-13", None, "day"),
    ("a day ago", "2023-03-14", None, "day"),
    ("three days ago, officials said", "2023-03-12", None, "day"),
    ("a week ago", "2023-03-06", "2023-03-12", "week"),
    ("three weeks ago", "2023-02-20", "2023-02-26", "week"),
    ("a week from now", "2023-03-20", "2023-03-26", "week"),
    ("two months ago", "2023-01-01", "2023-01-31", "month"),
    ("three months ago", "2022-12-01", "2022-12-31", "month"),
    ("a year ago", "2022-01-01", "2022-12-31", "year"),
    ("twenty years ago", "2003-01-01", "2003-12-31", "year"),
    # Weeks run Monday to Sunday; early is Monday-Wednesday, mid Tuesday-Thursday, late Thursday-Sunday.
    ("last week", "2023-03-06", "2023-03-12", "week"),
    ("this week", "2023-03-13", "2023-03-19", "week"),
    ("next week", "2023-03-20", "2023-03-26", "week"),
    ("early next week", "2023-03-20", "2023-03-22", "week"),
    ("late last week", "2023-03-09", "2023-03-12", "week"),
    ("early last week", "2023-03-06", "2023-03-08", "week"),
    ("the end of last week", "2023-03-09", "2023-03-12", "week"),
    ("the middle of next week", "2023-03-21", "2023-03-23", "week"),
    ("earlier this week", "2023-03-13", "2023-03-14", "week"),
    ("later this week", "2023-03-16", "2023-03-19", "week"),
    # The weekend is the one just past, unless "next".
    ("the weekend", "2023-03-11", "2023-03-12", "week"),
    ("over the weekend", "2023-03-11", "2023-03-12", "week"),
    ("at the weekend", "2023-03-11", "2023-03-12", "week"),
    ("this weekend", "2023-03-11", "2023-03-12", "week"),
    ("last weekend", "2023-03-11", "2023-03-12", "week"),
    ("this past weekend", "2023-03-11", "2023-03-12", "week"),
    ("next weekend", "2023-03-18", "2023-03-19", "week"),
    # Months and years.
    ("last month", "2023-02-01", "2023-02-28", "month"),
    ("this month", "2023-03-01", "2023-03-31", "month"),
    ("next month", "2023-04-01", "2023-04-30", "month"),
    ("earlier this month", "2023-03-01", "2023-03-14", "month"),
    ("later this month", "2023-03-16", "2023-03-31", "month"),
    ("early next month", "2023-04-01", "2023-04-10", "month"),
    ("the end of last month", "2023-02-21", "2023-02-28", "month"),
    ("last year", "2022-01-01", "2022-12-31", "year"),
    ("this year", "2023-01-01", "2023-12-31", "year"),
    ("this year's", "2023-01-01", "2023-12-31", "year"),
    ("next year", "2024-01-01", "2024-12-31", "year"),
    ("earlier this year", "2023-01-01", "2023-03-14", "year"),
    ("later this year", "2023-03-16", "2023-12-31", "year"),
    ("late last year", "2022-09-01", "2022-12-31", "year"),
    ("early next year", "2024-01-01", "2024-04-30", "year"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), RELATIVE)
def test_relative_dates_count_back_from_the_reference(text, start, end, precision):
    assert resolved(text) == (start, end, precision, False)


# (text, start, end, precision, explicit) in a sentence telling of a plan: undirected forms look forwards.
FUTURE = [
    ("on Wednesday", "2023-03-15", None, "day", False),
    ("Thursday", "2023-03-16", None, "day", False),
    ("Tuesday", "2023-03-21", None, "day", False),
    ("this Monday", "2023-03-20", None, "day", False),
    ("this Friday", "2023-03-17", None, "day", False),
    ("Thursday and Friday", "2023-03-16", "2023-03-17", "day", False),
    ("the weekend", "2023-03-18", "2023-03-19", "week", False),
    ("this weekend", "2023-03-18", "2023-03-19", "week", False),
    ("in March", "2023-03-01", "2023-03-31", "month", True),
    ("in February", "2024-02-01", "2024-02-29", "month", True),
    ("in June", "2023-06-01", "2023-06-30", "month", True),
    ("late February", "2024-02-21", "2024-02-29", "month", True),
    ("June 1", "2023-06-01", None, "day", True),
    ("March 10", "2023-03-10", None, "day", True),  # a week's slack: "was due to arrive on March 10"
    ("March 1", "2024-03-01", None, "day", True),
    ("January 5 - 7", "2024-01-05", "2024-01-07", "day", True),
    ("in two weeks", "2023-03-27", "2023-04-02", "week", False),
    ("in a week's time", "2023-03-20", "2023-03-26", "week", False),
    ("in three days", "2023-03-18", None, "day", False),
    ("in two months", "2023-05-01", "2023-05-31", "month", False),
    # Words that state a direction are obeyed whatever the tense.
    ("last week", "2023-03-06", "2023-03-12", "week", False),
    ("yesterday", "2023-03-14", None, "day", False),
    ("two days ago", "2023-03-13", None, "day", False),
    ("last Wednesday", "2023-03-08", None, "day", False),
    ("next Wednesday", "2023-03-22", None, "day", False),
    ("March 20, 2023", "2023-03-20", None, "day", True),
]


@pytest.mark.parametrize(("text", "start", "end", "precision", "explicit"), FUTURE)
def test_plans_look_forwards_unless_the_words_give_a_direction(text, start, end, precision, explicit):
    assert resolved(text, future=True) == (start, end, precision, explicit)


# (text, reference, future, start, end, precision) where a week, month or year turns over.
BOUNDARIES = [
    pytest.param("last week", date(2023, 1, 2), False, "2022-12-26", "2023-01-01", "week", id="last-week-over-new-year"),
    pytest.param("next week", date(2023, 12, 31), False, "2024-01-01", "2024-01-07", "week", id="next-week-over-new-year"),
    pytest.param("last month", date(2023, 1, 10), False, "2022-12-01", "2022-12-31", "month", id="last-month-in-january"),
    pytest.param("next month", date(2023, 12, 10), False, "2024-01-01", "2024-01-31", "month", id="next-month-in-december"),
    pytest.param("last month", date(2023, 3, 31), False, "2023-02-01", "2023-02-28", "month", id="last-month-from-the-31st"),
    pytest.param("last month", date(2024, 3, 1), False, "2024-02-01", "2024-02-29", "month", id="last-month-a-leap-february"),
    pytest.param("yesterday", date(2023, 1, 1), False, "2022-12-31", None, "day", id="yesterday-on-new-years-day"),
    pytest.param("tomorrow", date(2024, 2, 28), False, "2024-02-29", None, "day", id="tomorrow-a-leap-day"),
    pytest.param("two days ago", date(2023, 3, 1), False, "2023-02-27", None, "day", id="days-ago-over-a-month-end"),
    pytest.param("three months ago", date(2023, 2, 15), False, "2022-11-01", "2022-11-30", "month", id="months-ago-over-new-year"),
    pytest.param("Friday", date(2023, 1, 2), False, "2022-12-30", None, "day", id="weekday-over-new-year"),
    pytest.param("Monday", date(2022, 12, 29), True, "2023-01-02", None, "day", id="planned-weekday-over-new-year"),
    pytest.param("December 30", date(2023, 1, 3), False, "2022-12-30", None, "day", id="yearless-day-from-last-year"),
    pytest.param("January 5", date(2023, 12, 20), False, "2023-01-05", None, "day", id="yearless-day-early-this-year"),
    pytest.param("January 5", date(2023, 12, 20), True, "2024-01-05", None, "day", id="planned-yearless-day-next-year"),
    pytest.param("January 2", date(2022, 12, 28), False, "2023-01-02", None, "day", id="yearless-day-within-the-slack"),
    pytest.param("Dec. 30 - Jan. 2", date(2023, 1, 3), False, "2022-12-30", "2023-01-02", "day", id="range-over-new-year"),
    pytest.param("in December", date(2023, 1, 10), False, "2022-12-01", "2022-12-31", "month", id="month-last-year"),
    pytest.param("in January", date(2023, 12, 10), True, "2024-01-01", "2024-01-31", "month", id="planned-month-next-year"),
    pytest.param("last December", date(2023, 12, 10), False, "2022-12-01", "2022-12-31", "month", id="last-named-month-is-a-year-ago"),
    pytest.param("February 29", date(2024, 3, 1), False, "2024-02-29", None, "day", id="leap-day-this-year"),
    pytest.param("last weekend", date(2023, 3, 19), False, "2023-03-11", "2023-03-12", "week", id="last-weekend-on-a-sunday"),
    pytest.param("the weekend", date(2023, 3, 19), False, "2023-03-18", "2023-03-19", "week", id="weekend-under-way-on-sunday"),
    pytest.param("the weekend", date(2023, 3, 18), True, "2023-03-18", "2023-03-19", "week", id="planned-weekend-under-way"),
    pytest.param("next weekend", date(2023, 3, 18), False, "2023-03-25", "2023-03-26", "week", id="next-weekend-on-a-saturday"),
    pytest.param("last weekend", date(2023, 1, 2), False, "2022-12-31", "2023-01-01", "week", id="weekend-over-new-year"),
    pytest.param("earlier this week", date(2023, 3, 14), False, "2023-03-13", None, "week", id="earlier-this-week-on-tuesday"),
    pytest.param("last Sunday", date(2023, 3, 12), False, "2023-03-05", None, "day", id="last-sunday-on-a-sunday"),
    pytest.param("late March", date(2023, 3, 15), False, "2023-03-21", "2023-03-31", "month", id="late-this-month-not-last-year"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "reference", "future", "start", "end", "precision"), BOUNDARIES)
def test_dates_cross_week_month_and_year_boundaries(text, reference, future, start, end, precision):
    assert resolved(text, reference, future=future)[:3] == (start, end, precision)


NOT_EVENT_DATES = [
    # durations and ages
    "three days", "for three days", "24 hours", "decades", "years", "the past year", "the past week",
    "the last week", "the next few days", "the coming days", "two weeks' time",
    "55-year-old", "2,000 years", "a decade ago",
    # recurrences and vague or unanchored spans
    "every Monday", "Mondays", "on Mondays", "annual", "recent years", "the 1990s", "1990s", "'90s",
    "last summer", "this spring", "the summer of 2019", "Q1 2023", "first quarter", "three days later",
    "the next day", "the same day", "the previous week", "this time last year", "the 20th", "20th century",
    "2019-20", "in 2019-20", "the day before he left",
    # bounds rather than the event's day
    "since March", "until Friday", "by March 20", "before Wednesday", "after 2019",
    # times alone, junk, impossible days and ranges
    "5 p.m.", "around noon", "10:30 a.m. EST", "", "   ", "-", "officials", "the", "123", "9999",
    "February 30, 2023", "2023-02-30", "2023-13-01", "March 32", "March 22-20", "March 20-20", "3/4/2023",
    "earlier last week", "later next month",
]  # fmt: skip


@pytest.mark.parametrize("text", NOT_EVENT_DATES)
def test_what_names_no_event_day_gives_none(text):
    assert resolve_date(text, WEDNESDAY) is None
    assert resolve_date(text, WEDNESDAY, future=True) is None


def test_a_count_after_in_is_a_date_only_in_a_plan():
    """ "finished in two weeks" is how long it took; "will meet in two weeks" is when."""
    assert resolve_date("in two weeks", WEDNESDAY) is None
    assert resolved("in two weeks", future=True) == ("2023-03-27", "2023-04-02", "week", False)


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("earlier this week", date(2023, 3, 13)),  # a Monday: nothing came earlier in the week
        ("later this week", date(2023, 3, 19)),  # a Sunday
        ("earlier this month", date(2023, 3, 1)),
        ("later this month", date(2023, 3, 31)),
        ("earlier this year", date(2023, 1, 1)),
        ("later this year", date(2023, 12, 31)),
    ],
)
def test_an_empty_part_of_the_reference_period_gives_none_not_the_reference(text, reference):
    assert resolve_date(text, reference) is None


@pytest.mark.parametrize(
    "text",
    [
        "March 20", "March 20-22", "in March", "late March", "last March", "March-April", "Wednesday",
        "last week", "yesterday", "today", "two days ago", "the weekend", "this year", "next month",
        "the day before", "the week of March 20",
    ],
)  # fmt: skip
def test_anything_relative_needs_a_reference(text):
    assert resolve_date(text, None) is None
    assert resolve_date(text, None, future=True) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("March 20, 2023", "2023-03-20", None, "day"),
        ("2023-03-20", "2023-03-20", None, "day"),
        ("March 20-22, 2023", "2023-03-20", "2023-03-22", "day"),
        ("March 2023", "2023-03-01", "2023-03-31", "month"),
        ("in 2019", "2019-01-01", "2019-12-31", "year"),
        ("late 2019", "2019-09-01", "2019-12-31", "year"),
    ],
)
def test_absolute_dates_with_a_year_need_no_reference(text, start, end, precision):
    assert resolved(text, None) == (start, end, precision, True)


def test_a_span_cannot_end_before_it_starts_or_end_on_its_first_day():
    with pytest.raises(ValueError):
        ResolvedDate(date(2023, 3, 20), date(2023, 3, 19), "day", True)
    with pytest.raises(ValueError):
        ResolvedDate(date(2023, 3, 20), date(2023, 3, 20), "day", True)
    with pytest.raises(ValueError):
        ResolvedDate(date(2023, 3, 20), None, "fortnight", True)


def test_dates_at_the_ends_of_the_calendar_give_none_rather_than_overflow():
    assert resolve_date("tomorrow", date.max) is None
    assert resolve_date("next year", date(9999, 6, 1)) is None
    assert resolve_date("a week ago", date.min) is None
    assert resolve_date("March 20", date(1, 1, 1)) is None


# ---- properties over generated text ----

_PIECES = [
    "March", "Mar.", "may", "December", "Wednesday", "Sunday", "20", "1", "31", "30th", "2023", "1999",
    "9999", "1000", "-", "–", " to ", " and ", ",", ".", "/", "last", "next", "this", "past", "coming",
    "early", "mid-", "late", "earlier", "later", "the end of", "week", "weekend", "month", "year", "years",
    "ago", "days", "a", "two", "in", "on", "the", "of", "day", "before", "after", "yesterday", "tomorrow",
    "today", "night", "5 p.m.", "noon", "between", "from", "'s", "time", "now",
]  # fmt: skip
date_like_texts = st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join)
PROPERTIES = settings(
    database=None,
    derandomize=True,
    deadline=None,
    max_examples=400,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTIES
@given(
    text=st.one_of(date_like_texts, st.text(max_size=40)),
    reference=st.one_of(st.none(), st.dates()),
    future=st.booleans(),
)
def test_resolving_never_raises_and_spans_run_forwards(text, reference, future):
    found = resolve_date(text, reference, future=future)
    if found is None:
        return
    assert found.end is None or found.start < found.end
    assert found.precision in PRECISIONS
    # Only a date naming its own year can resolve without a reference.
    assert reference is not None or found.explicit
