"""Tests for :mod:`newscrawl.text.dates`.

Covers ``parse_iso`` (UTC ``Z``, explicit offsets, naive values read in the site zone with its
summer/winter offsets, date-only values, garbage), ``parse_date`` on Arabic date strings seen
on news pages (Egyptian, Levantine and Maghrebi month names, AFP month pairs, Eastern digits,
ص/م, GMT labels and offsets, label prefixes, numeric dates), values that hold no date or an
impossible one, ``to_iso`` and ``parse_timestamp``; then ``read_date``: every regional month
set, day periods, weekdays, Hijri dates, relative dates (today/yesterday at a time, N units
ago with dual and plural forms), zones, the precision of each reading and how ``iso`` writes
it, the reasons texts are refused, and one test per "silently wrong" reading of the code
before it (issue 20). The tables generated from CLDR are in ``test_dates_cldr.py``.

Naive values are read in Elaph's zone (``Europe/London``: +00:00 in winter, +01:00 in summer).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscrawl.sites import load_profile
from newscrawl.text.dates import DateReading, is_date_line, parse_date, parse_iso, parse_timestamp, read_date, to_iso

SITE_TZ = load_profile("elaph").tz


def test_site_zone_is_london() -> None:
    assert str(SITE_TZ) == "Europe/London"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2025-11-28T10:15:00Z", "2025-11-28T10:15:00+00:00", id="utc-Z"),
        pytest.param("2025-11-28T10:15:00z", "2025-11-28T10:15:00+00:00", id="utc-lowercase-z"),
        pytest.param("2025-11-28T10:15:00+03:00", "2025-11-28T10:15:00+03:00", id="offset-plus-3"),
        pytest.param("2025-11-28T10:15:00-05:00", "2025-11-28T10:15:00-05:00", id="offset-minus-5"),
        pytest.param("2025-11-28T10:15:00.123456+03:00", "2025-11-28T10:15:00+03:00", id="microseconds-dropped"),
        pytest.param("2025-07-01T10:15:00", "2025-07-01T10:15:00+01:00", id="naive-summer-bst"),
        pytest.param("2025-12-01T10:15:00", "2025-12-01T10:15:00+00:00", id="naive-winter-gmt"),
        pytest.param("2025-07-01 10:15", "2025-07-01T10:15:00+01:00", id="naive-space-separator"),
        pytest.param("2025-11-28", "2025-11-28T00:00:00+00:00", id="date-only-winter"),
        pytest.param("2025-06-15", "2025-06-15T00:00:00+01:00", id="date-only-summer"),
        pytest.param("  2025-11-28T10:15:00Z  ", "2025-11-28T10:15:00+00:00", id="surrounding-spaces"),
    ],
)
def test_parse_iso(value: str, expected: str) -> None:
    assert to_iso(parse_iso(value, SITE_TZ)) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("garbage", id="garbage"),
        pytest.param("2025-13-45", id="month-13"),
        pytest.param("2025-02-30T10:00:00", id="february-30"),
        pytest.param("2025-11-28 garbage", id="date-then-garbage"),
        pytest.param("28-11-2025", id="day-first"),
        pytest.param("الجمعة 28 نوفمبر 2025", id="arabic-text"),
    ],
)
def test_parse_iso_rejects(value: str) -> None:
    assert parse_iso(value, SITE_TZ) is None


def test_parse_iso_naive_keeps_wall_time_in_zone() -> None:
    """A naive value is the site's wall-clock time, not UTC: 10:15 BST is 09:15 UTC."""
    parsed = parse_iso("2025-07-01T10:15:00", SITE_TZ)
    assert parsed is not None
    assert parsed.astimezone(UTC) == datetime(2025, 7, 1, 9, 15, tzinfo=UTC)


# (text, expected to_iso) — naive text read in Europe/London.
ARABIC_DATES = [
    pytest.param("الأربعاء 20 يناير 2016", "2016-01-20T00:00:00+00:00", id="egyptian-weekday"),
    pytest.param("20 كانون الثاني/يناير 2016", "2016-01-20T00:00:00+00:00", id="afp-pair-levantine-egyptian"),
    pytest.param("السبت 05 آذار 2016", "2016-03-05T00:00:00+00:00", id="levantine-adhar"),
    pytest.param("12 تشرين الأول 2015", "2015-10-12T00:00:00+01:00", id="levantine-tishrin-awwal"),
    pytest.param("3 آب 2015", "2015-08-03T00:00:00+01:00", id="levantine-ab"),
    pytest.param("20 جانفي 2016", "2016-01-20T00:00:00+00:00", id="maghrebi-janvier"),
    pytest.param("15 جويلية 2015", "2015-07-15T00:00:00+01:00", id="maghrebi-juillet"),
    pytest.param("3 أوت 2015", "2015-08-03T00:00:00+01:00", id="maghrebi-aout"),
    pytest.param("3 غشت 2015", "2015-08-03T00:00:00+01:00", id="moroccan-ghusht"),
    pytest.param("5 إبريل 2015", "2015-04-05T00:00:00+01:00", id="ibril-hamza-below"),
    pytest.param("٢٠ يناير ٢٠١٦", "2016-01-20T00:00:00+00:00", id="eastern-arabic-digits"),
    pytest.param("۲۰ يناير ۲۰۱۶", "2016-01-20T00:00:00+00:00", id="persian-digits"),
    pytest.param("الأربعاء 20 يناير 2016 - 15:30 GMT", "2016-01-20T15:30:00+00:00", id="time-gmt"),
    pytest.param("20 يناير 2016 15:30 بتوقيت غرينتش", "2016-01-20T15:30:00+00:00", id="time-bitawqit-greenwich"),
    pytest.param("20 يناير 2016 03:30 مساءً", "2016-01-20T15:30:00+00:00", id="pm-masaan"),
    pytest.param("20 يناير 2016 09:41 ص", "2016-01-20T09:41:00+00:00", id="am-sad"),
    pytest.param("20 يناير 2016 12:30 ص", "2016-01-20T00:30:00+00:00", id="twelve-thirty-am"),
    pytest.param("20 يناير 2016 12:30 م", "2016-01-20T12:30:00+00:00", id="twelve-thirty-pm"),
    pytest.param("20/01/2016", "2016-01-20T00:00:00+00:00", id="numeric-dmy"),
    pytest.param("2016/01/20", "2016-01-20T00:00:00+00:00", id="numeric-ymd"),
    pytest.param("آخر تحديث: الأربعاء 20 يناير 2016 - 15:30", "2016-01-20T15:30:00+00:00", id="label-last-update"),
    pytest.param("نشر في 20 يناير 2016", "2016-01-20T00:00:00+00:00", id="label-published-in"),
    pytest.param("الأربعاء، 07 أكتوبر 2020 - 12:09 م", "2020-10-07T12:09:00+01:00", id="noon-pm-stays-12"),
    pytest.param("03 يونيو 2020م", "2020-06-03T00:00:00+01:00", id="gregorian-year-suffix"),
    pytest.param(
        "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً",
        "2020-04-24T21:22:00+01:00",
        id="pair-with-spaces-pm",
    ),
    pytest.param(
        "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)",
        "2013-08-28T14:00:00+04:00",
        id="pair-gmt-plus-0400",
    ),
    pytest.param("25 ديسمبر 2020 | 2:01 ص", "2020-12-25T02:01:00+00:00", id="pipe-separator-am"),
    pytest.param("ديسمبر 25, 2020", "2020-12-25T00:00:00+00:00", id="month-day-comma-year"),
    pytest.param("17 مارس/ آذار 2020", "2020-03-17T00:00:00+00:00", id="pair-slash-space"),
    pytest.param("الإثنين، 24 أغسطس 2020 09:23 ص", "2020-08-24T09:23:00+01:00", id="ithnayn-comma-am"),
    pytest.param("20 يناير 2016 15:30 GMT-5", "2016-01-20T15:30:00-05:00", id="gmt-minus-5"),
    pytest.param("20 كانون الأول 2016", "2016-12-20T00:00:00+00:00", id="levantine-kanun-awwal"),
    pytest.param("20 تشرين الثاني 2016", "2016-11-20T00:00:00+00:00", id="levantine-tishrin-thani"),
    pytest.param("2025-11-28T10:15:00+03:00", "2025-11-28T10:15:00+03:00", id="iso-first"),
    pytest.param(
        "نشر في 20 يناير 2016 آخر تحديث 21 يناير 2016 10:00", "2016-01-20T00:00:00+00:00", id="published-and-updated"
    ),
]


@pytest.mark.parametrize(("text", "expected"), ARABIC_DATES)
def test_parse_date_arabic(text: str, expected: str) -> None:
    assert to_iso(parse_date(text, SITE_TZ)) == expected


def test_parse_date_naive_text_uses_given_zone() -> None:
    """The same naive text in another zone gets that zone's offset."""
    parsed = parse_date("20 يناير 2016 15:30", ZoneInfo("Asia/Beirut"))
    assert to_iso(parsed) == "2016-01-20T15:30:00+02:00"


def test_parse_date_gmt_label_overrides_zone() -> None:
    parsed = parse_date("20 يناير 2016 15:30 بتوقيت غرينتش", ZoneInfo("Asia/Beirut"))
    assert to_iso(parsed) == "2016-01-20T15:30:00+00:00"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param(None, id="none"),
        pytest.param("لا تاريخ هنا", id="no-date-words"),
        pytest.param("20 يناير", id="no-year"),
        pytest.param("12:30 م", id="time-only"),
        pytest.param("31 فبراير 2016", id="february-31"),
        pytest.param("30 فبراير 2016", id="february-30"),
        pytest.param("29 فبراير 2015", id="february-29-non-leap"),
        pytest.param("32 يناير 2016", id="day-32"),
        pytest.param("20/13/2016", id="numeric-month-13"),
        pytest.param("20 يناير 2016 25:30", id="hour-25"),
    ],
)
def test_parse_date_rejects(value: str | None) -> None:
    assert parse_date(value, SITE_TZ) is None


def test_parse_date_leap_day() -> None:
    assert to_iso(parse_date("29 فبراير 2016", SITE_TZ)) == "2016-02-29T00:00:00+00:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(datetime(2025, 11, 28, 10, 15, 0, 987654, tzinfo=UTC), "2025-11-28T10:15:00+00:00", id="utc"),
        pytest.param(
            datetime(2025, 11, 28, 10, 15, tzinfo=timezone(timedelta(hours=3))),
            "2025-11-28T10:15:00+03:00",
            id="plus-3",
        ),
        pytest.param(
            datetime(2025, 7, 1, 10, 15, 30, tzinfo=ZoneInfo("Europe/London")),
            "2025-07-01T10:15:30+01:00",
            id="london-summer",
        ),
        pytest.param(
            datetime(2025, 11, 28, 10, 15, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "2025-11-28T10:15:00+05:30",
            id="half-hour-offset",
        ),
        pytest.param(None, None, id="none"),
    ],
)
def test_to_iso(value: datetime | None, expected: str | None) -> None:
    assert to_iso(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0, datetime(1970, 1, 1, tzinfo=UTC), id="epoch"),
        pytest.param(1700000000, datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC), id="int"),
        pytest.param("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC), id="str"),
        pytest.param(1700000000.5, datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=UTC), id="float"),
    ],
)
def test_parse_timestamp(value: float | str, expected: datetime) -> None:
    parsed = parse_timestamp(value)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("x", id="word"),
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param(1e20, id="overflow"),
        pytest.param("منذ ساعتين", id="relative-arabic"),
    ],
)
def test_parse_timestamp_rejects(value: object) -> None:
    assert parse_timestamp(value) is None  # type: ignore[arg-type]


# -- the shared date table (copied to tests/data so the suite runs without ../shared) --------

DATE_VECTORS = json.loads((Path(__file__).parent / "data" / "date_vectors.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", DATE_VECTORS, ids=[f"{c['format']}: {c['input']}" for c in DATE_VECTORS])
def test_date_vectors(case: dict[str, str | None]) -> None:
    zone = ZoneInfo("UTC")
    now = datetime.fromisoformat(case["relative_to"]).replace(tzinfo=zone) if case.get("relative_to") else None
    parsed = parse_date(case["input"], zone, now)
    expected = case["expected"]
    if expected is None:
        assert parsed is None
        return
    assert parsed is not None and parsed.tzinfo is not None
    if case.get("compare") == "month":
        assert parsed.strftime("%Y-%m") == expected
    elif case.get("compare") == "date" or len(expected) == 10:
        assert parsed.strftime("%Y-%m-%d") == expected
    else:
        wanted = datetime.fromisoformat(expected)
        assert parsed == wanted if wanted.tzinfo else parsed.replace(tzinfo=None) == wanted


# -- read_date: what each reading means, and how precise it is ---------------------------------

# The crawl time relative dates count from: Friday 28 November 2025, 18:00 UTC (18:00 in London).
NOW = datetime(2025, 11, 28, 18, 0, 37, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        # Month names of every regional set, with and without hamza and shadda.
        pytest.param("5 أبريل 2015", "2015-04-05", "day", id="egyptian-abril"),
        pytest.param("5 ابريل 2015", "2015-04-05", "day", id="egyptian-abril-no-hamza"),
        pytest.param("5 يونيه 2015", "2015-06-05", "day", id="egyptian-yunyah"),
        pytest.param("5 أيّار 2015", "2015-05-05", "day", id="levantine-ayyar-shadda"),
        pytest.param("5 تمّوز 2015", "2015-07-05", "day", id="levantine-tammuz-shadda"),
        pytest.param("5 أيلول 2015", "2015-09-05", "day", id="levantine-aylul"),
        pytest.param("5 كانون ثاني 2015", "2015-01-05", "day", id="iraqi-kanun-thani-no-article"),
        pytest.param("5 تشرين 1 2015", "2015-10-05", "day", id="levantine-tishrin-1"),
        pytest.param("5 مايس 2015", "2015-05-05", "day", id="iraqi-mayis"),
        pytest.param("5 فيفري 2015", "2015-02-05", "day", id="algerian-fevrier"),
        pytest.param("5 أفريل 2015", "2015-04-05", "day", id="tunisian-avril"),
        pytest.param("5 ماي 2015", "2015-05-05", "day", id="maghrebi-mai"),
        pytest.param("5 جوان 2015", "2015-06-05", "day", id="maghrebi-juin"),
        pytest.param("5 يوليوز 2015", "2015-07-05", "day", id="moroccan-yulyuz"),
        pytest.param("5 شتنبر 2015", "2015-09-05", "day", id="moroccan-shtanbar"),
        pytest.param("5 نونبر 2015", "2015-11-05", "day", id="moroccan-nonbar"),
        pytest.param("5 دجنبر 2015", "2015-12-05", "day", id="moroccan-djanbar"),
        pytest.param("5 أغشت 2015", "2015-08-05", "day", id="mauritanian-aghusht"),
        pytest.param("5 شتمبر 2015", "2015-09-05", "day", id="mauritanian-shtambar"),
        pytest.param("5 دجمبر 2015", "2015-12-05", "day", id="mauritanian-djambar"),
        pytest.param("5 شباط/فبراير 2015", "2015-02-05", "day", id="pair-slash"),
        pytest.param("5 كانون الأول ديسمبر 2015", "2015-12-05", "day", id="pair-space"),
        pytest.param("5 فبراير (شباط) 2015", "2015-02-05", "day", id="pair-brackets"),
        pytest.param("11/يونـ/1987", "1987-06-11", "day", id="abbreviation-tatweel"),
        pytest.param("حزيران 2014", "2014-06", "month", id="month-and-year"),
        pytest.param("11/2025", "2025-11", "month", id="numeric-month-and-year"),
        # Weekdays, with and without hamza; English in structured values.
        pytest.param("الإثنين 24 أغسطس 2020", "2020-08-24", "day", id="weekday-hamza"),
        pytest.param("الاثنين، 24 أغسطس 2020", "2020-08-24", "day", id="weekday-no-hamza"),
        pytest.param("خميس 27 أغسطس 2020", "2020-08-27", "day", id="weekday-short"),
        pytest.param("الإتنين 24 أغسطس 2020", "2020-08-24", "day", id="weekday-spoken-spelling"),
        pytest.param("Fri, 28 Nov 2025 10:15:00 +0300", "2025-11-28T10:15:00+03:00", "second", id="rfc-2822"),
        # Digits and numeric dates.
        pytest.param("٢٨ نوفمبر ٢٠٢٥ ١٠:١٥", "2025-11-28T10:15:00+00:00", "minute", id="eastern-digits"),
        pytest.param("۲۸ نوفمبر ۲۰۲۵", "2025-11-28", "day", id="persian-digits"),
        pytest.param("٠٥/٠٣/٢٠٢٠", "2020-03-05", "day", id="eastern-digits-day-first"),
        pytest.param("5‏/3‏/2020", "2020-03-05", "day", id="cldr-rtl-marks-day-first"),
        pytest.param("05.03.2020", "2020-03-05", "day", id="dots-day-first"),
        pytest.param("28/11/2025 - 10:15", "2025-11-28T10:15:00+00:00", "minute", id="numeric-day-over-12"),
        pytest.param("12/21/1999", "1999-12-21", "day", id="numeric-month-first-unambiguous"),
        pytest.param("2025/11/28", "2025-11-28", "day", id="numeric-year-first"),
        # Day periods: Arabic, CLDR's flexible ones, Latin.
        pytest.param("28 نوفمبر 2025 3:25 م", "2025-11-28T15:25:00+00:00", "minute", id="pm-mim"),
        pytest.param("28 نوفمبر 2025 12:05 ص", "2025-11-28T00:05:00+00:00", "minute", id="midnight-sad"),
        pytest.param("28 نوفمبر 2025 9:30 صباحاً", "2025-11-28T09:30:00+00:00", "minute", id="sabahan"),
        pytest.param("28 نوفمبر 2025 9:30 مساءً", "2025-11-28T21:30:00+00:00", "minute", id="masaan"),
        pytest.param("28 نوفمبر 2025 9:30 مساءا", "2025-11-28T21:30:00+00:00", "minute", id="masaan-alef"),
        pytest.param("28 نوفمبر 2025 4:10 فجراً", "2025-11-28T04:10:00+00:00", "minute", id="fajran"),
        pytest.param("28 نوفمبر 2025 1:10 ظهراً", "2025-11-28T13:10:00+00:00", "minute", id="zuhran"),
        pytest.param("28 نوفمبر 2025 4:10 عصراً", "2025-11-28T16:10:00+00:00", "minute", id="asran"),
        pytest.param("28 نوفمبر 2025 3:10 بعد الظهر", "2025-11-28T15:10:00+00:00", "minute", id="after-noon"),
        pytest.param("28 نوفمبر 2025 10:10 ليلاً", "2025-11-28T22:10:00+00:00", "minute", id="laylan-evening"),
        pytest.param("28 نوفمبر 2025 2:10 ليلاً", "2025-11-28T02:10:00+00:00", "minute", id="laylan-small-hours"),
        pytest.param("28 نوفمبر 2025 12:10 منتصف الليل", "2025-11-28T00:10:00+00:00", "minute", id="midnight"),
        pytest.param("28 نوفمبر 2025 الساعة 10 مساءً", "2025-11-28T22:00:00+00:00", "hour", id="hour-and-period"),
        pytest.param("28 نوفمبر 2025 3:25 PM", "2025-11-28T15:25:00+00:00", "minute", id="latin-pm"),
        pytest.param("28 نوفمبر 2025 3:25 a.m.", "2025-11-28T03:25:00+00:00", "minute", id="latin-am-dots"),
        pytest.param("28 نوفمبر 2025 15:25 م", "2025-11-28T15:25:00+00:00", "minute", id="24-hour-and-pm"),
        # Zones.
        pytest.param("28 نوفمبر 2025 10:15 GMT+3", "2025-11-28T10:15:00+03:00", "minute", id="gmt-plus-3"),
        pytest.param("28 نوفمبر 2025 10:15 غرينتش+03:00", "2025-11-28T10:15:00+03:00", "minute", id="cldr-gmt-format"),
        pytest.param("28 نوفمبر 2025 10:15 +0300", "2025-11-28T10:15:00+03:00", "minute", id="bare-offset"),
        pytest.param("28 نوفمبر 2025 10:15 بتوقيت مكة المكرمة", "2025-11-28T10:15:00+03:00", "minute", id="mecca"),
        pytest.param("28 نوفمبر 2025 10:15 بتوقيت القدس", "2025-11-28T10:15:00+02:00", "minute", id="jerusalem"),
        pytest.param("28 نوفمبر 2025 10:15 بالتوقيت المحلي", "2025-11-28T10:15:00+00:00", "minute", id="local-time"),
        pytest.param(
            "28 نوفمبر 2025 10:15 التوقيت العربي الرسمي", "2025-11-28T10:15:00+03:00", "minute", id="cldr-arabia"
        ),
        # Hijri, written and numeric; the Gregorian date wins when both are given.
        pytest.param("10 ربيع الآخر 1447 هـ", "2025-10-02", "day", id="hijri-rabi-akhir"),
        pytest.param("7 جمادى الأولى 1447هـ", "2025-10-29", "day", id="hijri-jumada-ula-attached"),
        pytest.param("1447/05/07 هـ", "2025-10-29", "day", id="hijri-numeric"),
        pytest.param("الخميس 7 جمادى الأولى 1447 هـ", "2025-10-30", "day", id="hijri-weekday-local-sighting"),
        pytest.param("21 ديسمبر 2015 (10 ربيع الأول 1437 هـ)", "2015-12-21", "day", id="gregorian-then-hijri"),
        # Relative to the crawl time.
        pytest.param("الآن", "2025-11-28T18:00:00+00:00", "minute", id="now"),
        pytest.param("اليوم", "2025-11-28", "day", id="today"),
        pytest.param("اليوم 10:15 ص", "2025-11-28T10:15:00+00:00", "minute", id="today-at"),
        pytest.param("أمس", "2025-11-27", "day", id="yesterday"),
        pytest.param("الأمس عند الساعة 12:00", "2025-11-27T12:00:00+00:00", "minute", id="yesterday-at"),
        pytest.param("البارحة", "2025-11-27", "day", id="yesterday-barha"),
        pytest.param("مساء أمس", "2025-11-27", "day", id="yesterday-evening"),
        pytest.param("أمس الخميس", "2025-11-27", "day", id="yesterday-thursday"),
        pytest.param("أول أمس", "2025-11-26", "day", id="day-before-yesterday"),
        pytest.param("أول من أمس 9:00 م", "2025-11-26T21:00:00+00:00", "minute", id="day-before-yesterday-at"),
        pytest.param("الاثنين الماضي عند الساعة 08:00", "2025-11-24T08:00:00+00:00", "minute", id="last-monday"),
        pytest.param("منذ دقيقة", "2025-11-28T17:59:37+00:00", "minute", id="a-minute-ago"),
        pytest.param("منذ دقيقتين", "2025-11-28T17:58:37+00:00", "minute", id="two-minutes-dual"),
        pytest.param("منذ 5 دقائق", "2025-11-28T17:55:37+00:00", "minute", id="minutes-plural"),
        pytest.param("منذ ١١ دقيقة", "2025-11-28T17:49:37+00:00", "minute", id="eleven-minutes-singular"),
        pytest.param("منذ أقل من دقيقة", "2025-11-28T18:00:00+00:00", "minute", id="less-than-a-minute"),
        pytest.param("منذ ثوان", "2025-11-28T18:00:00+00:00", "minute", id="seconds-ago"),
        pytest.param("منذ ساعة", "2025-11-28T17:00:37+00:00", "hour", id="an-hour-ago"),
        pytest.param("قبل ساعتين", "2025-11-28T16:00:37+00:00", "hour", id="two-hours-dual"),
        pytest.param("منذ ساعتان", "2025-11-28T16:00:37+00:00", "hour", id="two-hours-nominative"),
        pytest.param("منذ ساعة واحدة تقريباً", "2025-11-28T17:00:37+00:00", "hour", id="about-one-hour"),
        pytest.param("منذ ثلاث ساعات", "2025-11-28T15:00:37+00:00", "hour", id="three-hours-in-words"),
        pytest.param("3 ساعات مضت", "2025-11-28T15:00:37+00:00", "hour", id="hours-passed"),
        pytest.param("منذ يومين", "2025-11-26", "day", id="two-days-dual"),
        pytest.param("منذ 3 أيام", "2025-11-25", "day", id="days-plural"),
        pytest.param("منذ 15 يوماً", "2025-11-13", "day", id="days-accusative"),
        pytest.param("منذ أسبوع", "2025-11-21", "day", id="a-week"),
        pytest.param("منذ أسبوعين", "2025-11-14", "day", id="two-weeks-dual"),
        pytest.param("منذ 3 أسابيع", "2025-11-07", "day", id="weeks-plural"),
        pytest.param("منذ شهرين", "2025-09", "month", id="two-months"),
        pytest.param("خلال 3 أيام", "2025-12-01", "day", id="in-three-days"),
    ],
)
def test_read_date(text: str, iso: str, precision: str) -> None:
    reading = read_date(text, SITE_TZ, NOW)
    assert (reading.iso, reading.precision, reading.rejected) == (iso, precision, None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("لا تاريخ هنا", "no_date", id="no-date"),
        pytest.param("© 2025 جميع الحقوق محفوظة", "no_date", id="copyright-year"),
        pytest.param("28 نوفمبر 2025 10:15 EST", "unknown_token", id="unknown-zone-abbreviation"),
        pytest.param("في 20 يناير 2016 أعلنت الوزارة", "unknown_token", id="sentence"),
        pytest.param("20 يناير 2016 الساعة 10:15 بتوقيت نيويورك", "unknown_zone", id="unknown-place"),
        pytest.param("زيارة مارسيليا 2015", "month_inside_word", id="month-inside-word"),
        pytest.param("28 نوفمبر 2025 15:25 ص", "period_conflict", id="pm-hour-with-am"),
        pytest.param("28 نوفمبر 2025 6:10 ليلاً", "period_conflict", id="six-at-night"),
        pytest.param("20 يناير 2016 مساءً", "period_not_applied", id="period-without-time"),
        pytest.param("الجمعة 29 نوفمبر 2025", "weekday_mismatch", id="weekday-of-another-day"),
        pytest.param("20 يناير 2016 25:30", "bad_time", id="hour-25"),
        pytest.param("31 فبراير 2016", "bad_date", id="february-31"),
        pytest.param("30 صفر 1437 هـ", "bad_hijri", id="hijri-day-30-of-29"),
        pytest.param("20 يناير", "no_year", id="no-year"),
        pytest.param("01/10/2000", "ambiguous_order", id="day-or-month-first"),
        pytest.param("1447/05/07", "ambiguous_calendar", id="numeric-hijri-without-era"),
        pytest.param("20 يناير 1437 هـ", "calendar_conflict", id="gregorian-month-hijri-era"),
        pytest.param("5 شباط/مارس 2015", "month_conflict", id="pair-of-two-months"),
        pytest.param("20/1/16", "short_year", id="two-digit-year"),
        pytest.param("منذ ساعتين", "needs_now", id="relative-without-crawl-time"),
        pytest.param("منذ ساعات", "vague", id="hours-ago-how-many"),
        pytest.param("منذ أكثر من سنة", "vague", id="more-than-a-year"),
        pytest.param("الاثنين عند الساعة 08:00", "unexpected_order", id="weekday-without-last-or-next"),
    ],
)
def test_read_date_refuses(text: str, reason: str) -> None:
    now = None if reason == "needs_now" else NOW
    assert read_date(text, SITE_TZ, now) == DateReading(None, None, reason)


def test_day_precision_is_written_as_a_date() -> None:
    """A day-only date is not a midnight that looks exact: ``iso`` is the date alone, while
    ``parse_date`` keeps returning that day's midnight in the site's zone."""
    reading = read_date("أمس", ZoneInfo("Asia/Riyadh"), datetime(2025, 11, 28, 22, 30, tzinfo=UTC))
    assert reading.iso == "2025-11-28"  # 22:30 UTC is already the 29th in Riyadh
    assert to_iso(parse_date("20 يناير 2016", ZoneInfo("Asia/Riyadh"))) == "2016-01-20T00:00:00+03:00"
    assert read_date("2025-11-28", SITE_TZ).iso == "2025-11-28"
    assert read_date("2025-11-28T10:15", SITE_TZ).precision == "minute"


# -- the "silently wrong" readings of the code before issue 20: each now reads right or refuses --


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        pytest.param("الجمعة 28 نوفمبر 2025 03:25 PM", "2025-11-28T15:25:00+00:00", id="latin-pm-was-dropped"),
        pytest.param("زيارة كتاب 2015", None, id="month-inside-word-was-august"),
        pytest.param("نادي الشباب 2015", None, id="month-at-word-end-was-august"),
        pytest.param("أمس عند الساعة 12:00", "2025-11-27T12:00:00+00:00", id="yesterday-at-noon-was-midnight"),
        pytest.param("الجمعة 28 نوفمبر 2025 10:15 EST", None, id="unknown-zone-was-ignored"),
        pytest.param("20 يناير 2016 وقال 10:15", None, id="unknown-word-between-date-and-time"),
        pytest.param("28 نوفمبر 2025 10:15 بتوقيت نيويورك", None, id="unknown-place-was-ignored"),
        pytest.param("28 نوفمبر 2025 15:25 ص", None, id="conflicting-period-was-ignored"),
        pytest.param("20 يناير 2016 الساعة 10 مساء", "2016-01-20T22:00:00+00:00", id="hour-with-period-was-dropped"),
        pytest.param("أول أمس", "2025-11-26", id="day-before-yesterday-was-yesterday"),
        pytest.param("الجمعة 29 نوفمبر 2025", None, id="weekday-mismatch-was-ignored"),
        pytest.param("1447/05/07 هـ", "2025-10-29", id="numeric-hijri-was-gregorian-1447"),
        pytest.param("01/10/2000", None, id="month-first-date-was-read-day-first"),
    ],
)
def test_silently_wrong_before(text: str, iso: str | None) -> None:
    assert read_date(text, SITE_TZ, NOW).iso == iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("الأحد 14 مارس 2010", True, id="weekday-date"),
        pytest.param("نشر في: 20/01/2016", True, id="label-numeric"),
        pytest.param("آخر تحديث: الأربعاء 20 يناير 2016 - 15:30", True, id="label-date-time"),
        pytest.param("القاهرة: الأربعاء 20 يناير 2016", False, id="dateline-is-more-than-a-date"),
        pytest.param("في 20 يناير 2016 أعلنت الوزارة", False, id="sentence"),
        pytest.param("منذ ساعتين", False, id="relative-needs-crawl-time"),
    ],
)
def test_is_date_line(text: str, expected: bool) -> None:
    assert is_date_line(text) is expected
