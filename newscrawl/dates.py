"""Dates of articles: structured ISO 8601 values first, Arabic text dates as a fallback.

:func:`parse_date` turns what a page says (``2025-11-28T10:15:00+03:00``,
``الجمعة 28 نوفمبر 2025 - 10:15 GMT``, ``20 كانون الثاني/يناير 2016``) into an aware
:class:`~datetime.datetime`. A value that names no offset is read in the site's zone (the
``timezone`` of its site profile), so every stored date carries an offset.

>>> from zoneinfo import ZoneInfo
>>> to_iso(parse_date("20 كانون الثاني/يناير 2016 15:30 بتوقيت غرينتش", ZoneInfo("Asia/Beirut")))
'2016-01-20T15:30:00+00:00'
>>> to_iso(parse_date("2025-11-28T10:15:00Z", ZoneInfo("Europe/London")))
'2025-11-28T10:15:00+00:00'
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from newscrawl.text import fold_letters, match_key

# Month names as they appear in match-key form (alef folded, ة→ه, ى→ي): Egyptian/Gulf,
# Levantine, Maghrebi (Algerian/Tunisian and Moroccan) spellings.
MONTHS: dict[str, int] = {
    "يناير": 1, "كانون الثاني": 1, "جانفي": 1,
    "فبراير": 2, "شباط": 2, "فيفري": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "نيسان": 4, "افريل": 4,
    "مايو": 5, "ايار": 5, "ماي": 5,
    "يونيو": 6, "حزيران": 6, "جوان": 6, "يونيه": 6,
    "يوليو": 7, "تموز": 7, "جويليه": 7, "يوليوز": 7, "يوليه": 7,
    "اغسطس": 8, "اب": 8, "اوت": 8, "غشت": 8,
    "سبتمبر": 9, "ايلول": 9, "شتنبر": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11, "نونبر": 11,
    "ديسمبر": 12, "كانون الاول": 12, "دجنبر": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
# A month, or a pair of spellings of one month ("حزيران يونيو" once punctuation is gone).
_MONTH = rf"(?P<month>(?:{_MONTH_ALT})(?: (?:{_MONTH_ALT}))?)"
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(?P<day>\d{{1,2}}) {_MONTH} (?P<year>\d{{4}})(?!\d)")
_MONTH_DAY_YEAR = re.compile(rf"{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})(?!\d)")
_NUMERIC = re.compile(
    r"(?<!\d)(?:(?P<y1>\d{4})/(?P<m1>\d{1,2})/(?P<d1>\d{1,2})|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}))(?!\d)"
)
_TIME = re.compile(r"(?<!\d)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?!\d)")
_PM = re.compile(r"(?<!\S)(?:م|مساء|مساءا)(?!\S)")
_AM = re.compile(r"(?<!\S)(?:ص|صباحا|صباح)(?!\S)")
_GMT = re.compile(r"gmt|utc|غرينتش|جرينتش")
_GMT_OFFSET = re.compile(r"(?:gmt|utc) ?(?P<sign>[+-]) ?(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?")


WEEKDAYS = ("الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت")
# Words that a line holding nothing but a date may contain (match-key spelling).
DATE_LINE_WORDS = frozenset(
    {word for name in MONTHS for word in name.split()}
    | set(WEEKDAYS)
    | {"نشر", "في", "اخر", "تحديث", "بتاريخ", "التاريخ", "تاريخ", "النشر", "gmt", "utc", "ص", "م", "مساء", "صباحا"}
    | {"بتوقيت", "غرينتش", "جرينتش", "الساعه", "منذ", "pm", "am"}
)


def parse_iso(value: str, tz: tzinfo) -> datetime | None:
    """An ISO 8601 date or date-time; a value without offset is read in ``tz``."""
    value = value.strip()
    if not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def parse_arabic_date(value: str, tz: tzinfo) -> datetime | None:
    """A Gregorian date written in Arabic (any regional month names, Eastern digits, ص/م,
    GMT labels, label prefixes such as ``نشر في``). ``None`` when no full date is found."""
    text = fold_letters(value)
    text = re.sub(r"(?<=\d{4})م(?!\w)", "", text)  # "2020م": Gregorian year suffix
    # Words only (month pairs "حزيران/يونيو" become two names side by side), but keep the
    # separators of numeric dates, times and GMT offsets.
    words = " ".join(re.sub(r"[^\w/:+\-]|(?<![\d\w])[/\-]|[/\-](?![\d])", " ", text).split())
    compact = re.sub(r"(?<=\d)\s*([/:])\s*(?=\d)", r"\1", words)
    date_match = _DAY_MONTH_YEAR.search(compact) or _MONTH_DAY_YEAR.search(compact)
    if date_match:
        month = _pair_month(date_match["month"])
        year, day = int(date_match["year"]), int(date_match["day"])
        rest = compact[date_match.end() :]
        later = _DAY_MONTH_YEAR.search(rest) or _MONTH_DAY_YEAR.search(rest) or _NUMERIC.search(rest)
    else:
        numeric = _NUMERIC.search(compact)
        if not numeric:
            return None
        year = int(numeric["y1"] or numeric["y2"])
        month = int(numeric["m1"] or numeric["m2"])
        day = int(numeric["d1"] or numeric["d2"])
        rest = compact[numeric.end() :]
        later = _NUMERIC.search(rest) or _DAY_MONTH_YEAR.search(rest)
    if month is None:
        return None
    # A time belongs to this date only if it comes before a second date (an update's).
    if later:
        rest = rest[: later.start()]
    hour = minute = second = 0
    time_match = _TIME.search(rest)
    if time_match:
        hour, minute = int(time_match["hour"]), int(time_match["minute"])
        second = int(time_match["second"] or 0)
        after = rest[time_match.end() :]
        if _PM.search(after) and hour < 12:
            hour += 12
        elif _AM.search(after) and hour == 12:
            hour = 0
    zone = _zone_from_text(rest) or tz
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def _pair_month(pair: str) -> int | None:
    """``"حزيران يونيو"`` → 6; a two-word name (``تشرين الاول``) is looked up whole first."""
    words = pair.split(" ")
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            month = MONTHS.get(" ".join(words[start : start + size]))
            if month:
                return month
    return None


def _zone_from_text(text: str) -> tzinfo | None:
    offset = _GMT_OFFSET.search(text)
    if offset:
        delta = timedelta(hours=int(offset["hours"]), minutes=int(offset["minutes"] or 0))
        return timezone(-delta if offset["sign"] == "-" else delta)
    if _GMT.search(text):
        return UTC
    return None


def parse_date(value: str | None, tz: tzinfo) -> datetime | None:
    """ISO 8601 first, then an Arabic text date; ``None`` when ``value`` holds no date."""
    if not value or not value.strip():
        return None
    return parse_iso(value, tz) or parse_arabic_date(value, tz)


def parse_timestamp(value: float | int | str) -> datetime | None:
    """Unix seconds (UTC) → aware datetime; ``None`` for values that are not numbers."""
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def to_iso(value: datetime | None) -> str | None:
    """ISO 8601 with offset, seconds precision (``2025-11-28T10:15:00+03:00``)."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat()


def is_date_line(text: str) -> bool:
    """True when ``text`` is nothing but a date (``الأحد 14 مارس 2010``, ``نشر في: 20/01/2016``),
    as opposed to a sentence that mentions one."""
    words = match_key(text.replace("/", " ").replace(":", " ")).split()
    if not words or not all(word.isdigit() or word in DATE_LINE_WORDS for word in words):
        return False
    return parse_arabic_date(text, UTC) is not None
