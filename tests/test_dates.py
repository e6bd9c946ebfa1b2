"""Tests for :mod:`newscrawl.text.dates`.

Covers ``parse_iso`` (UTC ``Z``, explicit offsets, naive values read in the site zone with its
summer/winter offsets, date-only values, garbage), ``parse_date`` on Arabic date strings seen
on news pages (Egyptian, Levantine and Maghrebi month names, AFP month pairs, Eastern digits,
ص/م, GMT labels and offsets, label prefixes, numeric dates), values that hold no date or an
impossible one, ``to_iso`` and ``parse_timestamp``.

Naive values are read in Elaph's zone (``Europe/London``: +00:00 in winter, +01:00 in summer).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscrawl.sites import load_profile
from newscrawl.text.dates import parse_date, parse_iso, parse_timestamp, to_iso

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
