"""The calendar date of a news event, from the text of a spaCy DATE entity and the document's own date.

Event extraction hands over a DATE entity's text (with a few following characters, so "March 20-22, 2023"
arrives whole) and the publication date; `resolve_date` says which days it means and how precisely. The
forms are hand-written regular expressions, tried in order from the most specific, on lower-cased text:
fast (no parser library on any path), predictable, and unable to turn a duration into a date by accident.

Policy:
- Relative expressions look backwards, because news reports the past: "Wednesday" is the most recent
  Wednesday on or before the reference (the reference itself when it is a Wednesday: agencies write the
  weekday, never "today"), "in March" the most recent March begun by the reference, "March 20" the most
  recent March 20 on or before the reference plus `DAY_SLACK` (publication dates lag their events by a
  time zone or a late edit). With `future=True` (the sentence tells of a plan) they look forwards
  instead: the first such day on or after the reference (less the slack), the first March not yet over.
  Words that state a direction ("last", "next", "ago", "tomorrow") are obeyed whatever the flag says.
- "last Wednesday" is the most recent Wednesday strictly before the reference, "next Wednesday" the first
  strictly after it, "this Wednesday" the Wednesday of the reference's week (or, for a plan, the first on
  or after the reference). Weeks run Monday to Sunday; "early" is Monday to Wednesday, "mid" Tuesday to
  Thursday, "late" Thursday to Sunday; "earlier this week" runs from Monday to the day before the
  reference. Months split into days 1-10, 11-20 and 21-end; years into January-April, May-August and
  September-December. "N weeks ago" is the Monday-Sunday week holding the day 7N days back.
- Precision is the unit the text names: "day" for days and ranges of days, "week", "month" or "year" for
  spans of those units and parts of them ("late March" is month precision over March 21-31). `end` is
  the last day of a span of more than one day, None for a single day.
- `explicit` is True when the text names the calendar day or month ("March 20, 2023", "in March",
  "March 20" whose year comes from the reference), False when it counts from the reference ("Wednesday",
  "last week", "two days ago").
- None, never a guess: durations and ages ("three days", "24 hours", "the past year", "55-year-old"),
  recurrences ("every Monday", "annual"), vague or unanchored spans ("recent years", "the 1990s",
  "last summer", "three days later"), times alone ("5 p.m."), impossible days ("February 30"), words
  that make the date a bound rather than the event's day ("since", "until", "before", "by"), anything
  relative when the reference is unknown, and anything unparsed. The reference date is never returned
  merely because nothing else matched.
"""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

# A day named without its year may lie this far after the reference and still be this year's.
DAY_SLACK = timedelta(days=7)
# How many years back (or forward, for plans) a yearless day is looked for: February 29 needs a leap year.
_YEARS_SEARCHED = 9
PRECISIONS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class ResolvedDate:
    """The days a date expression covers, how precisely it named them, and whether it named them outright."""

    start: date
    end: date | None  # the last day of a span of more than one day; None for one day
    precision: str  # "day", "week", "month" or "year"
    explicit: bool  # the text names the calendar day or month, rather than counting from the reference

    def __post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"a span must end after the day it starts: {self.start} .. {self.end}")
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")


@dataclass(frozen=True)
class _Context:
    reference: date | None
    future: bool


# ---- patterns: the vocabulary, then the forms ----

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAY_NUMBERS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip

_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:tember|t)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_WEEKDAY_WORD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?:\d{1,3}|" + "|".join(sorted(_COUNTS, key=len, reverse=True)) + ")"
_UNIT = r"(?:day|week|month|year)s?"
_YEAR_DIGITS = r"[12]\d{3}(?!\d)"
# Nothing may follow a form but a break: "2019s", "2019-20" (a season) and "March 20.5" are not dates.
_END = r"(?![a-z0-9])(?![-/.]\d)"
_RANGE_SEP = r"(?:\s*-\s*|\s+(?:to|through|thru|and)\s+)"
_PART = r"(?:(?P<part>early|mid|late|earlier|later)[-\s]+|(?:the\s+)?(?P<part_of>start|beginning|middle|end)\s+of\s+)"
_RELATIVE = r"(?P<rel>last|this|next)"


def is_month_name(word: str) -> bool:
    """A month's name or its abbreviation ("March", "mar.", "Sept"), as the date forms read them."""
    return re.fullmatch(_MONTH_WORD, word.lower()) is not None


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_WORD})"


def _day(name: str) -> str:
    return rf"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"


def _year_tail(name: str) -> str:
    """A year after a day or month: ", 2023", " 2023", " of 2023", or "last year"."""
    return rf"(?:(?:,|\s+of)?\s*(?P<{name}>{_YEAR_DIGITS})|\s+(?P<{name}_rel>last|this|next)\s+year)?"


def _compile(pattern: str) -> re.Pattern[str]:
    """ASCII classes: `\\d` would take Arabic-Indic digits, which no English date is written in."""
    return re.compile(pattern, re.ASCII)


_TIME = (
    r"(?:(?:at|around|about)\s+)?(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?\s?m\.?(?![a-z])|noon|midnight)"
    r"(?:\s+(?:gmt|utc|[ecmp][sd]t|bst|cest|cet|msk|local\s+time)(?![a-z]))?\s*,?\s*"
)
# Where an absolute date follows a weekday ("Wednesday, March 15"), the date alone decides.
_ABSOLUTE_AHEAD = rf"(?={_MONTH_WORD}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}|\d{{4}}-|\d{{1,2}}[/.]\d{{1,2}}[/.])"
# Words that only place the date ("on", "in") go; "in two weeks" keeps its "in", which makes it a date.
_LEADING = _compile(
    rf"(?:{_TIME}|(?:on|during|at|over|from|between|in(?!\s+{_COUNT}\s+{_UNIT}(?![a-z])))\s+"
    rf"|{_WEEKDAY_WORD},?\s+{_ABSOLUTE_AHEAD})"
)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"} | {"\u2019": "'"})


def _normalise(text: str) -> str:
    """Lower-case, one kind of dash and space, and no words that only place the date."""
    s = " ".join(text.lower().translate(_DASHES).split())
    while (leading := _LEADING.match(s)) and leading.end() > 0:
        s = s[leading.end() :]
    return s


# ---- small calendar helpers ----

Span = tuple[date, date]  # first and last day; the same day twice for one day
_STEP = {"last": -1, "this": 0, "next": 1}
_THIRD = {"early": 0, "mid": 1, "late": 2}
_WEEK_THIRDS = ((0, 2), (1, 3), (3, 6))  # days after Monday
_MONTH_THIRDS = ((1, 10), (11, 20), (21, 31))  # days of the month, the last capped at the month's end
_YEAR_THIRDS = ((1, 4), (5, 8), (9, 12))  # months


def _calendar_day(year: int, month: int, day: int) -> date | None:
    """The day, or None for one the calendar lacks ("February 30")."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _one_day(year: int, month: int, day: int) -> Span | None:
    found = _calendar_day(year, month, day)
    return (found, found) if found else None


def _month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year_span(year: int) -> Span:
    return date(year, 1, 1), date(year, 12, 31)


def _week_span(monday: date) -> Span:
    return monday, monday + timedelta(days=6)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    shifted_year, shifted_month = divmod(year * 12 + month - 1 + by, 12)
    return shifted_year, shifted_month + 1


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekday_on_or_before(reference: date, weekday: int) -> date:
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def _weekday_on_or_after(reference: date, weekday: int) -> date:
    return reference + timedelta(days=(weekday - reference.weekday()) % 7)


def _weekday_before(reference: date, weekday: int) -> date:
    return reference - timedelta(days=(reference.weekday() - weekday - 1) % 7 + 1)


def _weekday_after(reference: date, weekday: int) -> date:
    return reference + timedelta(days=(weekday - reference.weekday() - 1) % 7 + 1)


def _result(span: Span | None, precision: str, explicit: bool) -> ResolvedDate | None:
    """The span as a result, its end dropped for a single day; None for no span or one ending before it
    starts."""
    if span is None or span[1] < span[0]:
        return None
    start, end = span
    return ResolvedDate(start, None if end == start else end, precision, explicit)


def _month_number(word: str) -> int:
    return _MONTH_NUMBERS[word[:3]]


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNTS[word]


def _pick_year(build: Callable[[int], Span | None], ctx: _Context, slack: timedelta) -> Span | None:
    """The span a yearless expression means: the latest begun by reference+slack, or for a plan the
    earliest not over by reference-slack."""
    reference = ctx.reference
    assert reference is not None, "relative forms check the reference first"
    if ctx.future:
        years = range(reference.year - 1, reference.year + _YEARS_SEARCHED)
    else:
        years = range(reference.year + 1, reference.year - _YEARS_SEARCHED, -1)
    for year in years:
        span = build(year)
        if span is None:
            continue
        if ctx.future and span[1] >= reference - slack:
            return span
        if not ctx.future and span[0] <= reference + slack:
            return span
    return None


def _part(match: re.Match[str]) -> str | None:
    """ "early", "mid", "late", "earlier" or "later", whichever way the text put it."""
    if match["part_of"]:
        return {"start": "early", "beginning": "early", "middle": "mid", "end": "late"}[match["part_of"]]
    return match["part"]


def _part_of_week(monday: date, part: str | None) -> Span:
    if part is None:
        return _week_span(monday)
    first, last = _WEEK_THIRDS[_THIRD[part]]
    return monday + timedelta(days=first), monday + timedelta(days=last)


def _part_of_month(year: int, month: int, part: str | None) -> Span:
    if part is None:
        return _month_span(year, month)
    first, last = _MONTH_THIRDS[_THIRD[part]]
    return date(year, month, first), date(year, month, min(last, calendar.monthrange(year, month)[1]))


def _part_of_year(year: int, part: str | None) -> Span:
    if part is None:
        return _year_span(year)
    first, last = _YEAR_THIRDS[_THIRD[part]]
    return date(year, first, 1), _month_span(year, last)[1]


def _before_or_after(span: Span, reference: date, part: str) -> Span | None:
    """The part of a span before ("earlier") or after ("later") the reference day; None when it is empty:
    "earlier this week" on a Monday names no day."""
    start, end = span
    if part == "earlier":
        return (start, reference - timedelta(days=1)) if start < reference else None
    return (reference + timedelta(days=1), end) if reference < end else None


# ---- resolvers: one per form, each given its match ----

_Resolver = Callable[[re.Match[str], _Context], ResolvedDate | None]


def _iso_day(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    return _result(_one_day(int(m["y"]), int(m["m"]), int(m["d"])), "day", True)


def _iso_month(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    month = int(m["m"])
    return _result(_month_span(int(m["y"]), month), "month", True) if 1 <= month <= 12 else None


def _numeric_day(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """20.03.2023 is day first; 3/20/2023 and 20/3/2023 only when one number cannot be a month (an
    American and a British feed disagree on 3/4/2023)."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if m["sep"] == "." or a > 12:
        day, month = a, b
    elif b > 12 or a == b:
        day, month = b, a
    else:
        return None
    return _result(_one_day(year, month, day), "day", True)


def _day_range(
    ctx: _Context, month1: int, day1: int, year1: str | None, month2: int, day2: int, year2: str | None
) -> ResolvedDate | None:
    """A range of days; a year stated once serves both ends, and "December 30 - January 2" crosses one."""
    crosses = month2 < month1

    def build(start_year: int) -> Span | None:
        start = _calendar_day(start_year, month1, day1)
        end = _calendar_day(start_year + crosses, month2, day2)
        return (start, end) if start and end else None

    if year1 and year2:
        start, end = _calendar_day(int(year1), month1, day1), _calendar_day(int(year2), month2, day2)
        span = (start, end) if start and end else None
    elif year1:
        span = build(int(year1))
    elif year2:
        span = build(int(year2) - crosses)
    elif ctx.reference is None:
        return None
    else:
        span = _pick_year(build, ctx, DAY_SLACK)
    if span is None or span[0] == span[1]:
        return None  # "March 20-20" is no range, and a range is what the text claimed
    return _result(span, "day", True)


def _month_day_range(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    month1 = _month_number(m["m1"])
    month2 = _month_number(m["m2"]) if m["m2"] else month1
    return _day_range(ctx, month1, int(m["d1"]), m["y1"], month2, int(m["d2"]), m["y2"])


def _day_month_range(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    month2 = _month_number(m["m2"])
    month1 = _month_number(m["m1"]) if m["m1"] else month2
    return _day_range(ctx, month1, int(m["d1"]), m["y1"], month2, int(m["d2"]), m["y2"])


def _single_day(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "March 20, 2023", "20 March", "March 20 last year"."""
    month, day = _month_number(m["m"]), int(m["d"])
    year = int(m["y"]) if m["y"] else _relative_year(ctx.reference, m["y_rel"])
    if year is not None:
        return _result(_one_day(year, month, day), "day", True)
    if ctx.reference is None:
        return None
    return _result(_pick_year(lambda y: _one_day(y, month, day), ctx, DAY_SLACK), "day", True)


def _week_of(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "the week of March 20": the Monday-Sunday week holding that day."""
    day = resolve_date(m["rest"], ctx.reference, future=ctx.future)
    if day is None or day.precision != "day" or day.end is not None:
        return None
    return _result(_week_span(_monday(day.start)), "week", day.explicit)


def _month_range(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "March-April 2023": from the first of one month to the last of the other."""
    month1, month2 = _month_number(m["m1"]), _month_number(m["m2"])
    if month1 == month2:
        return None
    crosses = month2 < month1

    def build(start_year: int) -> Span:
        return _month_span(start_year, month1)[0], _month_span(start_year + crosses, month2)[1]

    if m["y"]:
        return _result(build(int(m["y"]) - crosses), "month", True)
    if ctx.reference is None:
        return None
    return _result(_pick_year(build, ctx, timedelta(0)), "month", True)


def _relative_year(reference: date | None, rel: str | None) -> int | None:
    if reference is None or rel is None:
        return None
    return reference.year + _STEP[rel]


def _named_month(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "March 2023", "in March", "last March", "late March": the year is chosen for the whole month, then
    narrowed, so "late March" written on March 15 is this March's end."""
    month, part = _month_number(m["m"]), _part(m)
    if part in ("earlier", "later"):
        return None
    reference = ctx.reference
    year = int(m["y"]) if m["y"] else _relative_year(reference, m["y_rel"])
    if year is None and m["rel"] and reference is not None:
        year = {
            # "last March" written in March means a year ago; "next March" written in March, a year ahead.
            "last": reference.year if month < reference.month else reference.year - 1,
            "next": reference.year if month > reference.month else reference.year + 1,
            "this": reference.year,
        }[m["rel"]]
    if year is None:
        if reference is None:
            return None
        span = _pick_year(lambda y: _month_span(y, month), ctx, timedelta(0))
        if span is None:
            return None
        year = span[0].year
    return _result(_part_of_month(year, month, part), "month", True)


def _year(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "2019", "early 2019", "last year", "later this year"."""
    part = _part(m)
    if m["y"]:
        if part in ("earlier", "later"):
            return None
        return _result(_part_of_year(int(m["y"]), part), "year", True)
    reference = ctx.reference
    if reference is None:
        return None
    year = reference.year + _STEP[m["rel"]]
    if part in ("earlier", "later"):
        span = _before_or_after(_year_span(year), reference, part) if m["rel"] == "this" else None
        return _result(span, "year", False)
    return _result(_part_of_year(year, part), "year", False)


def _day_offset(offset: int) -> _Resolver:
    """A day counted from the reference ("yesterday" is -1), whatever the tense."""

    def resolve(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
        if ctx.reference is None:
            return None
        day = ctx.reference + timedelta(days=offset)
        return _result((day, day), "day", False)

    return resolve


def _weekday(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "Wednesday", "last Wednesday", "next Wednesday night", "this Wednesday"."""
    reference = ctx.reference
    if reference is None:
        return None
    weekday = _WEEKDAY_NUMBERS[m["wd"]]
    rel = " ".join(m["rel"].split()) if m["rel"] else None
    if rel in ("last", "this past"):
        day = _weekday_before(reference, weekday)
    elif rel in ("next", "this coming", "coming"):
        day = _weekday_after(reference, weekday)
    elif rel == "this" and not ctx.future:
        day = _monday(reference) + timedelta(days=weekday)
    elif ctx.future:
        day = _weekday_on_or_after(reference, weekday)
    else:
        day = _weekday_on_or_before(reference, weekday)
    return _result((day, day), "day", False)


def _weekday_of_week(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "Wednesday last week": that weekday of the week named."""
    if ctx.reference is None:
        return None
    day = _monday(ctx.reference) + timedelta(weeks=_STEP[m["rel"]], days=_WEEKDAY_NUMBERS[m["wd"]])
    return _result((day, day), "day", False)


def _weekday_range(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "Wednesday and Thursday", "Monday to Friday": the first day as a lone weekday, then the next day
    named."""
    if ctx.reference is None:
        return None
    first, last = _WEEKDAY_NUMBERS[m["wd1"]], _WEEKDAY_NUMBERS[m["wd2"]]
    if first == last:
        return None
    start = (_weekday_on_or_after if ctx.future else _weekday_on_or_before)(ctx.reference, first)
    return _result((start, start + timedelta(days=(last - first) % 7)), "day", False)


def _counted(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "two days ago", "three weeks ago", "a year ago", "a week from now", and "in two weeks" for plans.
    A bare count ("three days") is a duration, and "in two weeks" outside a plan is how long something
    took: both None."""
    reference = ctx.reference
    if reference is None:
        return None
    if m["ago"]:
        sign = -1
    elif m["from_now"] or (m["ahead_in"] and ctx.future):
        sign = 1
    else:
        return None
    count, unit = _count(m["n"]), m["unit"].rstrip("s")
    if unit == "day":
        day = reference + timedelta(days=sign * count)
        return _result((day, day), "day", False)
    if unit == "week":
        return _result(_week_span(_monday(reference + timedelta(weeks=sign * count))), "week", False)
    if unit == "month":
        return _result(
            _month_span(*_shift_month(reference.year, reference.month, sign * count)), "month", False
        )
    return _result(_year_span(reference.year + sign * count), "year", False)


def _week(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "last week", "early next week", "earlier this week", "the end of last week"."""
    reference = ctx.reference
    if reference is None:
        return None
    monday = _monday(reference) + timedelta(weeks=_STEP[m["rel"]])
    part = _part(m)
    if part in ("earlier", "later"):
        span = _before_or_after(_week_span(monday), reference, part) if m["rel"] == "this" else None
        return _result(span, "week", False)
    return _result(_part_of_week(monday, part), "week", False)


def _weekend(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """Saturday and Sunday: the one just past (or under way), or for a plan the next one (or the one under
    way); "last" and "next" step over the weekend under way."""
    reference = ctx.reference
    if reference is None:
        return None
    rel = " ".join(m["rel"].split()) if m["rel"] else ("last" if m["past"] else None)
    if rel in ("last", "this past"):
        saturday = _weekday_before(reference, 6) - timedelta(days=1)
    elif rel in ("next", "this coming", "coming"):
        saturday = _weekday_after(reference, 5)
    elif ctx.future:
        saturday = _weekday_on_or_after(reference, 6) - timedelta(days=1)
    else:
        saturday = _weekday_on_or_before(reference, 5)
    return _result((saturday, saturday + timedelta(days=1)), "week", False)


def _month_relative(m: re.Match[str], ctx: _Context) -> ResolvedDate | None:
    """ "last month", "early next month", "earlier this month"."""
    reference = ctx.reference
    if reference is None:
        return None
    year, month = _shift_month(reference.year, reference.month, _STEP[m["rel"]])
    part = _part(m)
    if part in ("earlier", "later"):
        span = _before_or_after(_month_span(year, month), reference, part) if m["rel"] == "this" else None
        return _result(span, "month", False)
    return _result(_part_of_month(year, month, part), "month", False)


# ---- the forms, most specific first: the first whose pattern matches decides ----

_DAY_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_FORMS: list[tuple[re.Pattern[str], _Resolver]] = [
    (_compile(r"(?P<y>[12]\d{3})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"), _iso_day),
    (_compile(rf"(?P<y>{_YEAR_DIGITS})-(?P<m>\d{{2}}){_END}"), _iso_month),
    (_compile(rf"(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR_DIGITS})"), _numeric_day),
    (_compile(r"(?:the\s+)?week\s+of\s+(?P<rest>.+)"), _week_of),
    # March 30 - April 2, 2023; March 20-22, 2023; March 20 to 22
    (
        _compile(
            rf"{_month('m1')}\s*{_day('d1')}(?:,?\s*(?P<y1>{_YEAR_DIGITS}))?{_RANGE_SEP}"
            rf"(?:{_month('m2')}\s*)?{_day('d2')}(?:,?\s*(?P<y2>{_YEAR_DIGITS}))?{_END}"
        ),
        _month_day_range,
    ),
    # 30 March - 2 April 2023; 20-22 March 2023
    (
        _compile(
            rf"(?:the\s+)?{_day('d1')}(?:\s+(?:of\s+)?{_month('m1')}(?:,?\s*(?P<y1>{_YEAR_DIGITS}))?)?"
            rf"{_RANGE_SEP}(?:the\s+)?{_day('d2')}\s+(?:of\s+)?{_month('m2')}(?:,?\s*(?P<y2>{_YEAR_DIGITS}))?{_END}"
        ),
        _day_month_range,
    ),
    (_compile(rf"{_month('m')}\s*{_day('d')}{_year_tail('y')}{_END}"), _single_day),
    (_compile(rf"(?:the\s+)?{_day('d')}\s+(?:of\s+)?{_month('m')}{_year_tail('y')}{_END}"), _single_day),
    (
        _compile(rf"{_month('m1')}{_RANGE_SEP}{_month('m2')}(?:,?\s*(?P<y>{_YEAR_DIGITS}))?{_END}"),
        _month_range,
    ),
    (_compile(rf"(?:{_PART}|{_RELATIVE}\s+)?{_month('m')}{_year_tail('y')}{_END}"), _named_month),
    (_compile(rf"{_PART}?(?:(?:the\s+year\s+)?(?P<y>{_YEAR_DIGITS})|{_RELATIVE}\s+year){_END}"), _year),
    (_compile(rf"(?:the\s+)?day\s+before\s+yesterday{_END}"), _day_offset(-2)),
    (_compile(rf"(?:the\s+)?day\s+after\s+tomorrow{_END}"), _day_offset(2)),
    # Only where nothing follows: "the day before he left" counts from another event.
    (_compile(r"(?:the\s+)?day\s+before(?=\s*(?:[,.;:!?)]|$))"), _day_offset(-1)),
    (
        _compile(
            rf"(?:(?:early|late|earlier|later)\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening)){_END}"
        ),
        _day_offset(0),
    ),
    (_compile(rf"(?:(?:(?:early|late)\s+)?yesterday{_DAY_PART}|last\s+night){_END}"), _day_offset(-1)),
    (_compile(rf"tomorrow{_DAY_PART}{_END}"), _day_offset(1)),
    (
        _compile(rf"(?P<wd1>{_WEEKDAY_WORD}){_RANGE_SEP}(?P<wd2>{_WEEKDAY_WORD}){_DAY_PART}{_END}"),
        _weekday_range,
    ),
    (_compile(rf"(?P<wd>{_WEEKDAY_WORD})\s+{_RELATIVE}\s+week{_END}"), _weekday_of_week),
    (
        _compile(
            r"(?:(?:early|late|earlier|later)\s+(?:on\s+)?)?"
            r"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming)\s+)?"
            rf"(?P<wd>{_WEEKDAY_WORD}){_DAY_PART}{_END}"
        ),
        _weekday,
    ),
    (
        _compile(
            rf"(?P<ahead_in>in\s+)?(?P<n>{_COUNT})\s+(?P<unit>{_UNIT})"
            rf"(?:\s+(?P<ago>ago)|\s+(?P<from_now>from\s+(?:now|today))|'?s?'?\s+time)?{_END}"
        ),
        _counted,
    ),
    (_compile(rf"{_PART}?{_RELATIVE}\s+week{_END}"), _week),
    (
        _compile(
            r"(?:the\s+(?P<past>past\s+)?|(?P<rel>last|this\s+past|this\s+coming|this|next|coming)\s+)?"
            rf"weekend{_END}"
        ),
        _weekend,
    ),
    (_compile(rf"{_PART}?{_RELATIVE}\s+month{_END}"), _month_relative),
]


def resolve_date(text: str, reference: date | None, *, future: bool = False) -> ResolvedDate | None:
    """The days a DATE entity names, anchored on the document's date when relative; None when it names no
    event's day (see the module docstring for the policy).

    Args:
        text: a DATE entity's text, possibly with a few following characters, so that "March 20-22, 2023"
            and "March 20 to 22" arrive whole.
        reference: the document's publication date; None when unknown, and relative expressions then
            give None.
        future: the sentence tells of a planned event, so "on Wednesday" is the next Wednesday and
            "in March" the next March; otherwise relative expressions look backwards.
    """
    s = _normalise(text)
    if not s:
        return None
    ctx = _Context(reference, future)
    for pattern, resolve in _FORMS:
        match = pattern.match(s)
        if match:
            try:
                return resolve(match, ctx)
            except (OverflowError, ValueError):
                # Arithmetic off either end of the calendar (year 1, year 9999) names no day a date holds.
                return None
    return None
