"""Date texts of every Arabic locale of CLDR, written by Babel's formatter, with their meaning.

The test tables of ``tests/test_dates_cldr.py`` come from here, not from memory: for every
``ar``/``ar_*`` locale Babel ships, the locale's month names (format and stand-alone, wide and
abbreviated) and weekday names inside a date, its day periods (``a`` and the flexible ``B``,
every width, at every hour of the day), its date patterns (full/long/medium/short and the
skeletons that name a day, with and without era) and its date-time patterns (each date
length with each time length, in several zones, and day-period time skeletons), rendered
for fixed moments that cover every month and every part of the day. Digits are the
locale's own (Arabic-Indic for ``ar_EG``, ``ar_SA``…, Latin for the Maghreb), as an ICU
formatter writes them.

Run ``python -m tests.cldr_dates`` for the per-locale counts of right / ``None`` / wrong.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from babel import Locale, localedata
from babel.dates import format_datetime

from newscrawl.text.dates import DateReading, read_date

# The zone naive texts are read in (a site's zone): the expected value is the same wall time.
SITE_ZONE = ZoneInfo("Asia/Beirut")
# One moment per month, their hours spread over the day so that every day period is used;
# leap day, month ends, midnight and noon included.
MOMENTS = (
    datetime(2016, 1, 20, 0, 5, 0),
    datetime(2024, 2, 29, 1, 30, 15),
    datetime(2021, 3, 1, 3, 45, 0),
    datetime(2019, 4, 10, 6, 0, 30),
    datetime(2023, 5, 31, 9, 41, 7),
    datetime(2022, 6, 15, 11, 59, 59),
    datetime(2025, 7, 4, 12, 0, 0),
    datetime(2018, 8, 9, 13, 10, 0),
    datetime(2017, 9, 30, 15, 25, 7),
    datetime(2020, 10, 7, 18, 20, 0),
    datetime(2025, 11, 28, 21, 5, 0),
    datetime(2015, 12, 31, 23, 59, 59),
)
# Zones for the patterns that print one (z, zzzz, v): UTC, a fixed offset (غرينتش+03:00),
# and zones of the region whose CLDR names say their offset.
ZONES = tuple(map(ZoneInfo, ("UTC", "Etc/GMT-3", "Asia/Riyadh", "Africa/Cairo", "Asia/Dubai")))
# Date skeletons that name a day (with the year), and those that name a month only.
DAY_SKELETONS = ("yMd", "yMEd", "yMMMd", "yMMMEd", "yMMMMd", "yMMMMEd", "GyMd", "GyMEd", "GyMMMd", "GyMMMEd")
MONTH_SKELETONS = ("yM", "yMM", "yMMM", "yMMMM", "GyMMM")
# Time skeletons joined to a long date: 24-hour, 12-hour with a/B day periods, with zones.
TIME_SKELETONS = ("Hm", "Hms", "hm", "hms", "Bh", "Bhm", "Bhms", "Hmv", "hmv")
LENGTHS = ("full", "long", "medium", "short")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Case:
    """A text, the moment it means (``None``: it must be refused), its precision, and
    where it comes from (``group``: months, weekdays, periods, dates, datetimes)."""

    locale: str
    group: str
    pattern: str
    text: str
    expected: datetime | None
    precision: str | None


def arabic_locales() -> list[str]:
    """``ar`` and every ``ar_*`` locale Babel ships (not ``ary``/``arn``, other languages)."""
    return sorted(name for name in localedata.locale_identifiers() if name == "ar" or name.startswith("ar_"))


def _render(locale: Locale, pattern: str, moment: datetime, zone: tzinfo) -> str:
    text = format_datetime(moment.replace(tzinfo=zone), pattern, tzinfo=zone, locale=locale)
    return text.translate(_ARABIC_INDIC) if locale.default_numbering_system == "arab" else text


def _case(locale: Locale, group: str, pattern: str, moment: datetime, zone: tzinfo, precision: str) -> Case:
    """A rendered pattern and what it means: the moment (in ``zone`` when the pattern
    prints a zone, else the same wall time in the site's zone), truncated to ``precision``."""
    printed_zone = any(letter in pattern.replace("'", "") for letter in "zZvVOxX")
    value = moment.replace(tzinfo=zone if printed_zone else SITE_ZONE)
    if precision == "day":
        value = value.replace(hour=0, minute=0, second=0)
    elif precision == "month":
        value = value.replace(day=1, hour=0, minute=0, second=0)
    elif precision == "hour":
        value = value.replace(minute=0, second=0)
    elif precision == "minute":
        value = value.replace(second=0)
    return Case(str(locale), group, pattern, _render(locale, pattern, moment, zone), value, precision)


def _time_precision(pattern: str) -> str:
    return "second" if "s" in pattern else "minute" if "m" in pattern else "hour"


def month_cases(locale: Locale) -> list[Case]:
    """Each month name (format/stand-alone, wide/abbreviated) as ``d <name> y``."""
    cases = []
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for moment in MOMENTS:
                name = locale.months[context][width][moment.month].replace("'", "''")
                cases.append(_case(locale, "months", f"d '{name}' y", moment, SITE_ZONE, "day"))
    return cases


def weekday_cases(locale: Locale) -> list[Case]:
    """Each weekday name (format/stand-alone, wide/abbreviated) before a long date; and the
    same name before a date that falls on another day, which must be refused."""
    cases = []
    long_date = str(locale.date_formats["long"])
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for moment in MOMENTS:
                name = locale.days[context][width][moment.weekday()].replace("'", "''")
                pattern = f"'{name}'، {long_date}"
                cases.append(_case(locale, "weekdays", pattern, moment, SITE_ZONE, "day"))
                other = moment + timedelta(days=1)
                wrong = _case(locale, "weekdays", pattern, other, SITE_ZONE, "day")
                cases.append(Case(wrong.locale, "weekdays", pattern + " (another day)", wrong.text, None, None))
    return cases


def period_cases(locale: Locale) -> list[Case]:
    """Times with a day period (am/pm ``a`` and flexible ``B``, every width) at every hour."""
    cases = []
    long_date = str(locale.date_formats["long"])
    for period in ("a", "aaaa", "aaaaa", "B", "BBBB", "BBBBB"):
        for hour in range(24):
            moment = datetime(2025, 3, 14, hour, 7)
            cases.append(_case(locale, "periods", f"{long_date} h:mm {period}", moment, SITE_ZONE, "minute"))
    return cases


def date_cases(locale: Locale) -> list[Case]:
    """The locale's date formats and its day and month skeletons, for every moment."""
    patterns = [(str(locale.date_formats[length]), "day") for length in LENGTHS]
    skeletons = locale.datetime_skeletons
    patterns += [(str(skeletons[s]), "day") for s in DAY_SKELETONS if s in skeletons]
    patterns += [(str(skeletons[s]), "month") for s in MONTH_SKELETONS if s in skeletons]
    return [
        _case(locale, "dates", pattern, moment, SITE_ZONE, precision)
        for pattern, precision in dict.fromkeys(patterns)
        for moment in MOMENTS
    ]


def datetime_cases(locale: Locale) -> list[Case]:
    """Each date length joined to each time length by the locale's date-time pattern, and a
    long date joined to the time skeletons; in each zone when the pattern prints one."""
    patterns = []
    for date_length in LENGTHS:
        for time_length in LENGTHS:
            joined = str(locale.datetime_formats[date_length])
            pattern = joined.replace("{1}", str(locale.date_formats[date_length]))
            patterns.append(pattern.replace("{0}", str(locale.time_formats[time_length])))
    long_joined = str(locale.datetime_formats["long"]).replace("{1}", str(locale.date_formats["long"]))
    skeletons = locale.datetime_skeletons
    patterns += [long_joined.replace("{0}", str(skeletons[s])) for s in TIME_SKELETONS if s in skeletons]
    cases = []
    for pattern in dict.fromkeys(patterns):
        zoned = any(letter in pattern.replace("'", "") for letter in "zZvVOxX")
        for zone in ZONES if zoned else (SITE_ZONE,):
            if "v" in pattern and zone in (ZONES[0], ZONES[1]):
                continue  # "توقيت منطقة غير معروفة (UTC)": CLDR has no generic name for these
            cases += [_case(locale, "datetimes", pattern, moment, zone, _time_precision(pattern)) for moment in MOMENTS]
    return cases


GROUPS = {
    "months": month_cases,
    "weekdays": weekday_cases,
    "periods": period_cases,
    "dates": date_cases,
    "datetimes": datetime_cases,
}


def cases(locale_name: str, group: str) -> list[Case]:
    return GROUPS[group](Locale.parse(locale_name))


def verdict(case: Case, reading: DateReading) -> str:
    """``right``, ``none`` (refused) or ``wrong`` (another moment, or a time read where the
    text gives none, or an offset that is not the text's)."""
    if reading.value is None:
        return "right" if case.expected is None else "none"
    if case.expected is None:
        return "wrong"
    same = reading.value == case.expected and reading.value.utcoffset() == case.expected.utcoffset()
    return "right" if same and reading.precision == case.precision else "wrong"


def main() -> None:
    """Per-locale counts of right / None / wrong over every generated table."""
    total: Counter[str] = Counter()
    print(f"{'locale':8} {'texts':>6} {'right':>6} {'None':>5} {'wrong':>5}")
    for name in arabic_locales():
        counts: Counter[str] = Counter()
        for group in GROUPS:
            for case in cases(name, group):
                counts[verdict(case, read_date(case.text, SITE_ZONE))] += 1
        total.update(counts)
        print(f"{name:8} {sum(counts.values()):6} {counts['right']:6} {counts['none']:5} {counts['wrong']:5}")
    print(f"{'all':8} {sum(total.values()):6} {total['right']:6} {total['none']:5} {total['wrong']:5}")


if __name__ == "__main__":
    sys.exit(main())
