"""Dates of articles: structured ISO 8601 values first, Arabic text dates as a fallback.

:func:`parse_date` turns what a page says (``2025-11-28T10:15:00+03:00``,
``الجمعة 28 نوفمبر 2025 - 10:15 GMT``, ``20 كانون الثاني/يناير 2016``, ``منذ ساعتين``,
``10 ربيع الأول 1437 هـ``) into an aware :class:`~datetime.datetime`. A value that names no
offset is read in the site's zone (the ``timezone`` of its site profile), so every stored
date carries an offset. Text is pre-normalised (digits, month-name variants of Egypt, the
Levant and the Maghreb, AFP-style month pairs, labels, the ``م`` year suffix) and parsed
with small rules; Hijri dates are converted and validated with ``hijridate`` (Umm al-Qura),
and when a page gives both calendars the Gregorian date wins.

>>> from zoneinfo import ZoneInfo
>>> to_iso(parse_date("20 كانون الثاني/يناير 2016 15:30 بتوقيت غرينتش", ZoneInfo("Asia/Beirut")))
'2016-01-20T15:30:00+00:00'
>>> to_iso(parse_date("2025-11-28T10:15:00Z", ZoneInfo("Europe/London")))
'2025-11-28T10:15:00+00:00'
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from hijridate import Hijri

from newscrawl.text.arabic import fold_letters, match_key

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


HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4, "جمادي الاولي": 5,
    "جمادي الاول": 5, "جمادي الثانيه": 6, "جمادي الاخره": 6, "جمادي الثاني": 6, "رجب": 7, "شعبان": 8,
    "رمضان": 9, "شوال": 10, "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}  # fmt: skip
_HIJRI_ALT = "|".join(sorted(map(re.escape, HIJRI_MONTHS), key=len, reverse=True))
_HIJRI = re.compile(rf"(?<!\d)(?P<day>\d{{1,2}}) (?P<month>{_HIJRI_ALT}) (?P<year>1[34]\d\d)(?!\d)")
_MONTH_YEAR = re.compile(rf"(?<!\d){_MONTH} (?P<year>\d{{4}})(?!\d)")
# Relative times: "منذ 3 ساعات", "قبل ساعتين", "منذ دقيقة", "أمس".
_UNITS = {
    "ثانيه": "seconds", "ثواني": "seconds", "ثوان": "seconds", "دقيقه": "minutes", "دقائق": "minutes",
    "دقيقتين": ("minutes", 2), "دقيقتان": ("minutes", 2), "ساعه": "hours", "ساعات": "hours",
    "ساعتين": ("hours", 2), "ساعتان": ("hours", 2), "يوم": "days", "ايام": "days", "يومين": ("days", 2),
    "يومان": ("days", 2), "اسبوع": "weeks", "اسابيع": "weeks", "اسبوعين": ("weeks", 2),
}  # fmt: skip
_UNIT_ALT = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_RELATIVE = re.compile(rf"(?:^| )(?:منذ|قبل) (?:(?P<count>\d+) )?(?P<unit>{_UNIT_ALT})(?: |$)")
_YESTERDAY = re.compile(r"(?:^| )(?:امس|البارحه)(?: |$)")

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


def parse_relative(value: str, now: datetime) -> datetime | None:
    """``منذ ساعتين`` / ``قبل 5 دقائق`` / ``أمس`` counted back from ``now``."""
    text = " ".join(re.sub(r"[^\w]", " ", fold_letters(value)).split())
    match = _RELATIVE.search(text)
    if match:
        unit = _UNITS[match["unit"]]
        name, count = unit if isinstance(unit, tuple) else (unit, int(match["count"] or 1))
        return now - timedelta(**{name: count})
    if _YESTERDAY.search(text):
        return (now - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return None


def parse_hijri(text: str, tz: tzinfo) -> datetime | None:
    """``10 ربيع الأول 1437`` (folded text) → the Gregorian day; ``None`` for an invalid date."""
    match = _HIJRI.search(text)
    if not match:
        return None
    try:
        day = Hijri(int(match["year"]), HIJRI_MONTHS[match["month"]], int(match["day"])).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def parse_arabic_date(value: str, tz: tzinfo, now: datetime | None = None) -> datetime | None:
    """A date written in Arabic: Gregorian with any regional month names, Eastern digits,
    ص/م, GMT labels and label prefixes (``نشر في``); Hijri (validated); relative to ``now``
    (``منذ ساعتين``); a month and year only (the 1st of that month). ``None`` otherwise."""
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
            return _without_day(compact, tz, now)
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


def _without_day(compact: str, tz: tzinfo, now: datetime | None) -> datetime | None:
    """Dates that are not day-month-year: Hijri, relative, month-year."""
    hijri = parse_hijri(compact, tz)
    if hijri or _HIJRI.search(compact):
        return hijri
    if now is not None:
        relative = parse_relative(compact, now.astimezone(tz))
        if relative:
            return relative
    month_year = _MONTH_YEAR.search(compact)
    if month_year:
        month = _pair_month(month_year["month"])
        return datetime(int(month_year["year"]), month, 1, tzinfo=tz) if month else None
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


def parse_date(value: str | None, tz: tzinfo, now: datetime | None = None) -> datetime | None:
    """ISO 8601 first, then an Arabic text date (relative ones need ``now``, the crawl
    time); ``None`` when ``value`` holds no date."""
    if not value or not value.strip():
        return None
    return parse_iso(value, tz) or parse_arabic_date(value, tz, now)


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
