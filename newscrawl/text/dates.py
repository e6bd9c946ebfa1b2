"""Dates of articles: structured ISO 8601 values first, Arabic text dates as a fallback.

:func:`read_date` turns what a page says (``2025-11-28T10:15:00+03:00``,
``الجمعة 28 نوفمبر 2025 - 10:15 GMT``, ``20 كانون الثاني/يناير 2016``, ``أمس عند الساعة 12:00``,
``منذ ساعتين``, ``10 ربيع الأول 1437 هـ``) into a :class:`DateReading`: an aware
:class:`~datetime.datetime`, how precise the text was (``"second"`` … ``"day"`` … ``"year"``),
or the reason it was refused. A value that names no zone is read in the site's zone (the
``timezone`` of its site profile), so every date carries an offset.

A text date is never read half-way. The text is folded (digits, hamza, ة/ه, harakat), cut
into tokens, and every token is classified from the word tables of
:mod:`newscrawl.text.date_words` (month names of every Arabic region, weekdays, day periods,
units, zones, labels such as ``نشر في``); the classes must then form one of the shapes of a
date (day month year, numeric, Hijri, time, zone, relative), or the reading fails. An
unknown word inside the date, a month name inside a longer word, a day period that does not
fit the hour, a weekday that is not the date's: each gives ``None`` with a reason (the
crawl counts them as ``newscrawl/dates/rejected/<reason>``). Text before the date that is
set off by punctuation (a dateline ``القاهرة:``) and text after it are allowed.

Hijri dates are converted and validated with ``hijridate`` (Umm al-Qura); when a page gives
both calendars the Gregorian date wins (they must agree within two days).

>>> from zoneinfo import ZoneInfo
>>> read_date("20 كانون الثاني/يناير 2016 15:30 بتوقيت غرينتش", ZoneInfo("Asia/Beirut")).iso
'2016-01-20T15:30:00+00:00'
>>> now = datetime(2025, 11, 28, 9, 0, tzinfo=UTC)
>>> read_date("أمس", ZoneInfo("Asia/Riyadh"), now).iso
'2025-11-27'
>>> read_date("الجمعة 28 نوفمبر 2025 10:15 EST", UTC).rejected
'unknown_token'
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from hijridate import Hijri

from newscrawl.text import date_words as words

# How precise a reading is, finest first. ``datePublished`` takes "day" or finer.
PRECISIONS = ("second", "minute", "hour", "day", "month", "year")
DAY_OR_FINER = frozenset(PRECISIONS[:4])
# Two calendars on one page may differ by the local sighting of the new moon.
CALENDAR_TOLERANCE = timedelta(days=2)
# A numeric date with a year in this range and no era is as likely Hijri as Gregorian.
HIJRI_YEARS = range(1300, 1601)


class DateReading(NamedTuple):
    """What a date text says: ``value`` (aware) and its ``precision``, or ``None`` and
    the reason it was ``rejected`` (``no_date`` when the text holds no date at all).
    Immutable (a named tuple: built once per candidate text on every page)."""

    value: datetime | None
    precision: str | None = None
    rejected: str | None = None

    @property
    def iso(self) -> str | None:
        """ISO 8601 as precise as the text: ``2025-11-28T10:15:00+03:00`` for a time (to
        the second), ``2025-11-28`` for a day, ``2025-11`` / ``2025`` for a month / year."""
        value, precision = self.value, self.precision
        if value is None:
            return None
        if precision == "day":
            return value.date().isoformat()
        if precision == "month" or precision == "year":
            return value.strftime("%Y-%m" if precision == "month" else "%Y")
        return to_iso(value)


def _refused(reason: str) -> DateReading:
    return DateReading(None, None, reason)


# -- folding and tokens ----------------------------------------------------------------------

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff"
_FOLD_TABLE: dict[int, int | str | None] = {
    **dict.fromkeys(map(ord, "أإآٱ"), "ا"),
    ord("ى"): "ي",
    ord("ی"): "ي",
    ord("ة"): "ه",
    ord("ک"): "ك",
    ord("\u066b"): ".",  # Arabic decimal separator
    ord("\u066c"): ",",  # Arabic thousands separator
    ord("\u2212"): "-",  # minus sign
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
    # Tatweel, ZWNJ/ZWJ, bidi controls (CLDR's numeric dates carry U+200F), soft hyphen.
    **dict.fromkeys(map(ord, "\u0640\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\ufeff\u00ad")),
    **dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u200a\u2002\u2003\t\n\r"), " "),
}
_FOLD_TABLE.update(dict.fromkeys(c for c in range(0x600, 0x900) if re.match(f"[{_MARKS}]", chr(c))))
_FINAL_TATWEEL = re.compile(f"(?<=[^\\W\\d_])[{_MARKS}]*\u0640+[{_MARKS}]*(?![^\\W\\d_])")
_LATIN_PERIOD = re.compile(r"\b([ap])\.\s?m\b\.?")
_SPACED_NUMBER_SEPARATOR = re.compile(r"(\d) *([/:]) *(?=\d)")
_TOKEN = re.compile(
    r"(?P<date>\d{1,4}([/.\-])\d{1,2}\2\d{1,4}|\d{1,2}/\d{4})(?![\d/])"
    r"|(?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?![\d:])"
    r"|(?P<offset>[+\-]\d{1,2}(?::?\d{2})?)(?!\d)"
    r"|(?P<number>\d+)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<mark>[^\w\s])"
)
# Punctuation that only joins (month pairs "حزيران/يونيو", quotes); any other mark ends a
# segment of the text (":", "|", " - ", "،", brackets).
_JOINING_MARKS = frozenset("/.'\"`")


def fold(text: str) -> str:
    """The text the word tables and the tokenizer work on: Eastern digits → ASCII, alef
    variants → ا, ى → ي, ة → ه, harakat/tatweel/bidi controls removed, lower case. A
    tatweel ending a word marks an abbreviation (``يونـ``, ``هـ``) and becomes a ``.``."""
    if "\u0640" in text:
        text = _FINAL_TATWEEL.sub(".", text)
    text = text.translate(_FOLD_TABLE).lower()
    if "." in text:
        text = _LATIN_PERIOD.sub(r"\1m", text)
    if " /" in text or "/ " in text or " :" in text or ": " in text:
        text = _SPACED_NUMBER_SEPARATOR.sub(r"\1\2", text)
    return text


class Token(NamedTuple):
    """A classified piece of a date text: ``kind`` is one character (see :data:`KINDS`)."""

    kind: str
    text: str
    value: object = None


# Token kinds. Date-bearing kinds make a segment part of the date; the others are fillers,
# unknown words and segment ends.
KINDS = {
    "d": "number of 1–2 digits (day, hour, count)",
    "y": "number of 4 digits (year)",
    "#": "another number",
    "n": "numeric date (20/01/2016, 2016-01-20; 11/2025 a month)",
    "t": "clock time (15:30, 3:25:07)",
    "o": "UTC offset (+03:00, +0300, -5)",
    "m": "Gregorian month name",
    "h": "Hijri month name",
    "w": "weekday",
    "p": "day period (ص, صباحًا, بعد الظهر, pm)",
    "M": "م: pm after a time, AD after a year",
    "e": "AD era (ميلادي)",
    "a": "Hijri era (هـ)",
    "z": "zone (GMT, بتوقيت مكة, بالتوقيت المحلي)",
    "Z": "zone word without a known place (بتوقيت + ?)",
    "r": "day relative to today (اليوم, أمس, أول أمس, غدًا)",
    "N": "now (الآن)",
    "b": "ago, before the amount (منذ, قبل)",
    "A": "ago, after the amount (مضت)",
    "f": "in, before the amount (خلال, بعد)",
    "u": "unit (ساعة, ساعتين, أيام)",
    "c": "count word (ثلاث, نصف)",
    "1": "one, after a unit (واحد)",
    "~": "approximately",
    "<": "less than",
    ">": "more than",
    "l": "last (الماضي)",
    "x": "next (القادم)",
    "k": "filler (نشر في, الساعة, الموافق)",
    "?": "unknown word",
    "s": "segment end (: | - ، ( ))",
}
_BEARING = re.compile(r"[^k?#s]")
# A text holds a date at all only if one of these is in it.
_CORE = re.compile(r"[mhntrNbAfw]")


def _phrase_table() -> dict[tuple[str, ...], tuple[str, object]]:
    """Folded phrase (as tokens) → (kind, value), from the tables of :mod:`date_words`."""
    entries: list[tuple[str, str, object]] = []
    for months in (words.MONTH_NAMES, words.ENGLISH_MONTH_NAMES):
        entries += [(name, "m", month) for month, names in months.items() for name in names]
    entries += [(name, "h", month) for month, names in words.HIJRI_MONTH_NAMES.items() for name in names]
    for weekdays in (words.WEEKDAY_NAMES, words.ENGLISH_WEEKDAY_NAMES):
        entries += [(name, "w", day) for day, names in weekdays.items() for name in names]
    entries += [(name, "p", period) for period, names in words.PERIOD_NAMES.items() for name in names]
    entries += [(name, "u", (unit, count)) for unit, forms in words.UNIT_WORDS.items() for name, count in forms.items()]
    entries += [(name, "c", count) for name, count in words.COUNT_WORDS.items()]
    entries += [(name, "r", offset) for offset, names in words.RELATIVE_DAYS.items() for name in names]
    entries += [(name, "z", UTC) for name in words.UTC_NAMES]
    entries += [(name, "z", timezone(timedelta(hours=h))) for name, h in words.ZONE_NAME_OFFSETS.items()]
    for prefix in words.ZONE_PREFIXES:
        entries.append((prefix, "Z", None))
        entries += [(f"{prefix} {local}", "z", None) for local in words.LOCAL_TIME]
        entries += [
            (f"{prefix} {place}", "z", ZoneInfo(zone)) for zone, places in words.ZONE_PLACES.items() for place in places
        ]
    simple = {
        "1": words.ONE_WORDS, "N": words.NOW_WORDS, "b": words.AGO_BEFORE, "A": words.AGO_AFTER,
        "f": words.IN_FUTURE, "~": words.APPROXIMATELY, "<": words.LESS_THAN, ">": words.MORE_THAN,
        "l": words.LAST, "x": words.NEXT, "e": words.ERA_AD, "a": words.ERA_AH, "k": words.FILLER_WORDS,
    }  # fmt: skip
    entries += [(name, kind, None) for kind, names in simple.items() for name in names]
    entries.append(("م", "M", None))
    table: dict[tuple[str, ...], tuple[str, object]] = {}
    for name, kind, value in entries:
        key = tuple(match.group() for match in _TOKEN.finditer(fold(name)))
        if table.get(key, (kind, value)) != (kind, value):
            raise ValueError(f"date word {name!r} has two meanings")
        table[key] = (kind, value)
    return table


_PHRASES = _phrase_table()
# First word of a phrase → the lengths of the phrases it starts, longest first.
_PHRASE_SIZES: dict[str, tuple[int, ...]] = {}
for _key in _PHRASES:
    _PHRASE_SIZES[_key[0]] = tuple(sorted({*_PHRASE_SIZES.get(_key[0], ()), len(_key)}, reverse=True))
_SINGLE_MONTH_NAMES = tuple(key[0] for key, (kind, _) in _PHRASES.items() if kind == "m" and len(key) == 1)


def _month_prefixes() -> dict[str, int]:
    """Beginnings (3 letters or more) of one-word month names that belong to one month only:
    the abbreviations a formatter marks with a tatweel or a dot (``يونـ``, ``ديسـ``, ``ينا.``)."""
    months: dict[str, set[int]] = {}
    for key, (kind, month) in _PHRASES.items():
        if kind == "m" and len(key) == 1:
            for end in range(3, len(key[0]) + 1):
                months.setdefault(key[0][:end], set()).add(month)  # type: ignore[arg-type]
    return {prefix: found.pop() for prefix, found in months.items() if len(found) == 1}


_MONTH_PREFIXES = _month_prefixes()
# Signs that a numeric date was written day first: Arabic-Indic digits, right-to-left marks.
_DAY_FIRST_SIGNS = frozenset("\u200f\u061c٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


def tokens(text: str) -> list[Token]:
    """Classified tokens of ``text`` (folded first); multi-word names (``كانون الثاني``,
    ``بعد الظهر``, ``بتوقيت مكة``) are one token."""
    matches = list(_TOKEN.finditer(fold(text)))
    pieces = [match.group() for match in matches]
    out: list[Token] = []
    i = 0
    while i < len(pieces):
        piece, group = pieces[i], matches[i].lastgroup or ""
        size = 1
        entry = None
        if group == "word" and piece in _MONTH_PREFIXES and pieces[i + 1 : i + 2] == ["."]:
            entry = ("m", _MONTH_PREFIXES[piece])  # "يونـ", "سبتـ", "ينا.": a marked abbreviation
        elif group == "word" or group == "number":
            # Marks are never part of a phrase: a key spanning one is simply not found.
            for size in _PHRASE_SIZES.get(piece, ()):
                entry = _PHRASES.get(tuple(pieces[i : i + size]))
                if entry:
                    break
        if entry:
            out.append(Token(entry[0], " ".join(pieces[i : i + size]) if size > 1 else piece, entry[1]))
        elif group == "date":
            size = 1
            out.append(_numeric_date(piece, text))
        else:
            size = 1
            out.append(_simple_token(group, piece))
        i += size
    return _day_as_filler(out) if "يوم" in pieces else out


def _simple_token(group: str, piece: str) -> Token:
    if group == "number":
        kind = "d" if len(piece) <= 2 else "y" if len(piece) == 4 else "#"
        return Token(kind, piece, int(piece))
    if group == "time":
        return Token("t", piece, tuple(map(int, piece.split(":"))))
    if group == "offset":
        return Token("o", piece, piece)
    if group == "mark":
        return Token("k" if piece in _JOINING_MARKS else "s", piece)
    return Token("?", piece)


def _numeric_date(piece: str, original: str) -> Token:
    """``20/01/2016``, ``2016-01-20``, ``11/2025``: the parts, and whether the text shows it
    was written day first. Day-month-year is the Arabic order, but month-day-year is written
    too (by some formatters' Arabic locales), so ``01/10/2000`` is only read day first on
    evidence: dots, Arabic-Indic digits, or the right-to-left marks CLDR puts in Arabic dates."""
    day_first = "." in piece or any(c in original for c in _DAY_FIRST_SIGNS)
    return Token("n", piece, (tuple(re.split(r"[/.\-]", piece)), day_first))


def _day_as_filler(found: list[Token]) -> list[Token]:
    """``يوم`` before a weekday or a date (``يوم الأربعاء 20 يناير``) only says "on the day"."""
    for i, token in enumerate(found):
        if token.kind == "u" and token.text == "يوم" and i + 1 < len(found) and found[i + 1].kind in "wdn":
            before = found[i - 1].kind if i else ""
            if before not in ("b", "f", "d", "c", "~"):
                found[i] = Token("k", token.text)
    return found


# -- the shapes of a date (regular expressions over token kinds) -----------------------------

_TIME = r"(?:t|d(?=[pM]))[pM]?(?:zo?|o)?"
_DATE = r"w?[eM]?(?:dmy|mdy|ymd|dhy|n|my|ym)[eaM]?w?"
_ABSOLUTE = re.compile(rf"(?P<before>{_TIME})?(?P<date>{_DATE})(?P<after>{_TIME})?(?P<rest>(?:{_DATE}(?:{_TIME})?)*)")
_NEXT_DATE = re.compile(rf"(?P<date>{_DATE})(?P<after>{_TIME})?")
_AMOUNT = re.compile(r"b~?(?:[dc]?u1?|<[dc]?u)~?|~?[dc]?u1?~?A|f~?[dc]?u1?~?")  # ago / in
_RELATIVE_DAY = re.compile(rf"(?P<before>{_TIME})?p?r[pw]?(?P<after>{_TIME})?|wr")
_WEEKDAY = re.compile(rf"w[lx](?P<after>{_TIME})?")
_NOW = re.compile("N")


def read_date(value: str | None, tz: tzinfo, now: datetime | None = None) -> DateReading:
    """ISO 8601 first, then an Arabic text date; relative dates (``أمس``, ``منذ ساعتين``)
    are counted back from ``now`` (the crawl time) and refused without it."""
    value = value.strip() if value else ""
    if not value:
        return _refused("empty")
    if _ISO_DATE.match(value):
        reading = _read_iso(value, tz)
        if reading:
            return reading
    return _read_tokens(tokens(value), tz, now)


def _read_tokens(found: list[Token], tz: tzinfo, now: datetime | None) -> DateReading:
    kinds = "".join([token.kind for token in found])
    if not _CORE.search(kinds):
        return _refused(_why_no_date(found))
    span, reason = _date_span(found, kinds)
    if span is None:
        return _refused(reason)
    span, reason = _pair_months(span)
    if span is None:
        return _refused(reason)
    kinds = "".join([token.kind for token in span])
    if match := _ABSOLUTE.fullmatch(kinds):
        return _absolute(span, match, tz)
    for shape, read in _RELATIVE_SHAPES:
        if match := shape.fullmatch(kinds):
            if now is None:
                return _refused("needs_now")
            return read(span, match, now.astimezone(tz) if now.tzinfo else now.replace(tzinfo=tz))
    return _refused(_why_no_shape(kinds))


def _date_span(found: list[Token], kinds: str) -> tuple[list[Token] | None, str]:
    """The date's tokens without fillers: from the first to the last segment (pieces
    between ``s`` marks) that holds a date-bearing token, where no segment may hold an
    unknown word. Segments before and after (a dateline, a byline) are free."""
    first = _BEARING.search(kinds)
    if first is None:
        return None, "no_date"
    last = len(kinds) - _BEARING.search(kinds[::-1]).start()  # type: ignore[union-attr]
    start = kinds.rfind("s", 0, first.start()) + 1
    end = kinds.find("s", last)
    end = len(kinds) if end < 0 else end
    region = kinds[start:end]
    for bad in ("Z", "?", "#"):  # a zone word before an unknown place: the zone is the problem
        at = region.find(bad)
        if at >= 0:
            return None, _why_unknown(found[start + at])
    return [token for token in found[start:end] if token.kind not in "ks"], ""


def _why_unknown(token: Token) -> str:
    if token.kind == "#":
        return "stray_number"
    if token.kind == "Z":
        return "unknown_zone"
    return "month_inside_word" if _holds_month(token.text) else "unknown_token"


def _holds_month(word: str) -> bool:
    """Whether an unknown word begins or ends with a month name (``كتاب``, ``مارسيليا``)."""
    return any(word != name and (word.startswith(name) or word.endswith(name)) for name in _SINGLE_MONTH_NAMES)


def _why_no_date(found: list[Token]) -> str:
    """``no_date``, or ``month_inside_word`` when a word next to a year holds a month name
    (a reader of the old patterns would have taken ``كتاب 2015`` for August 2015)."""
    for i, token in enumerate(found):
        if token.kind == "?" and any(t.kind == "y" for t in found[max(i - 2, 0) : i + 3]) and _holds_month(token.text):
            return "month_inside_word"
    return "no_date"


def _pair_months(span: list[Token]) -> tuple[list[Token] | None, str]:
    """``كانون الثاني/يناير``: two names of one month side by side are one month token."""
    out: list[Token] = []
    for token in span:
        if token.kind == "m" and out and out[-1].kind == "m":
            if out[-1].value != token.value:
                return None, "month_conflict"
            continue
        out.append(token)
    return out, ""


def _why_no_shape(kinds: str) -> str:
    """Why the kinds of a date span fit no shape, as far as one can tell."""
    if "p" in kinds and not re.search(r"[td][pM]", kinds):
        return "period_not_applied"
    if re.fullmatch(r"w?(?:dm|md)[^y]*", kinds):
        return "no_year"
    if ">" in kinds:
        return "vague"  # "منذ أكثر من سنة"
    return "unexpected_order"


# -- absolute dates ---------------------------------------------------------------------------


class _Day(NamedTuple):
    day: date
    calendar: str  # "gregorian" | "hijri"
    precision: str  # "day" | "month"
    weekday: int | None


def _absolute(span: list[Token], match: re.Match[str], tz: tzinfo) -> DateReading:
    if match["before"] and match["after"]:
        return _refused("unexpected_order")
    first = _day_of(span[slice(*match.span("date"))])
    if isinstance(first, str):
        return _refused(first)
    time_span = match.span("before") if match["before"] else match.span("after")
    time_tokens = span[slice(*time_span)]
    # A second date: the other calendar's name of the same day, or another (update) date.
    rest_start, rest_end = match.span("rest")
    if rest_start < rest_end:
        second_match = _NEXT_DATE.match(match["rest"])
        assert second_match
        second = _day_of(span[rest_start + second_match.start("date") : rest_start + second_match.end("date")])
        if not isinstance(second, str) and second.calendar != first.calendar:
            if abs(second.day - first.day) > CALENDAR_TOLERANCE:
                return _refused("calendars_disagree")
            if not time_tokens and second_match["after"]:
                time_tokens = span[rest_start + second_match.start("after") : rest_start + second_match.end("after")]
            first = second if second.calendar == "gregorian" else first._replace(weekday=second.weekday)
    if first.precision == "month":
        if time_tokens:
            return _refused("unexpected_order")
        return DateReading(datetime(first.day.year, first.day.month, 1, tzinfo=tz), "month")
    if first.weekday is not None and first.weekday != first.day.weekday():
        return _refused("weekday_mismatch")
    return _on_day(first.day, time_tokens, tz)


def _on_day(day: date, time_tokens: list[Token], tz: tzinfo) -> DateReading:
    """``day`` at the time the tokens give (none: day precision), in their zone or ``tz``."""
    if not time_tokens:
        return DateReading(datetime(day.year, day.month, day.day, tzinfo=tz), "day")
    clock = _clock(time_tokens)
    if isinstance(clock, str):
        return _refused(clock)
    zone = _zone(time_tokens, tz)
    if isinstance(zone, str):
        return _refused(zone)
    hour, minute, second, precision = clock
    return DateReading(datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone), precision)


def _day_of(span: list[Token]) -> _Day | str:
    """The day a date span names, or why it names none."""
    weekday = next((t.value for t in span if t.kind == "w"), None)
    era = next(("hijri" if t.kind == "a" else "gregorian" for t in span if t.kind in "eaM"), None)
    numbers = {t.kind: t for t in span if t.kind in "dymhn"}
    if "n" in numbers:
        parts, day_first = numbers["n"].value  # type: ignore[misc]
        if len(parts) == 2:  # "11/2025": a month
            month, year = map(int, parts)
            if era == "hijri" or year in HIJRI_YEARS:
                return "ambiguous_calendar"
            return _Day(date(year, month, 1), "gregorian", "month", None) if 1 <= month <= 12 else "bad_date"
        if len(parts[0]) == 4 and len(parts[2]) <= 2:
            year, month, day = map(int, parts)
        elif len(parts[2]) == 4 and len(parts[0]) <= 2:
            first, second, year = map(int, parts)
            if first <= 12 and second > 12:
                month, day = first, second  # "12/21/1999": month first, no other reading
            elif first <= 12 and first != second and not (day_first or era):
                return "ambiguous_order"  # "01/10/2000": 1 October or January 10?
            else:
                day, month = first, second
        else:
            return "short_year" if max(map(len, parts)) < 4 else "bad_date"
        if era is None and year in HIJRI_YEARS:
            return "ambiguous_calendar"
        calendar = era or "gregorian"
    elif "h" in numbers:
        if era == "gregorian":
            return "calendar_conflict"
        year, month, day = numbers["y"].value, numbers["h"].value, numbers["d"].value  # type: ignore[assignment]
        calendar = "hijri"
    else:
        if era == "hijri":
            return "calendar_conflict"
        year, month = numbers["y"].value, numbers["m"].value  # type: ignore[assignment]
        if "d" not in numbers:
            return _Day(date(year, month, 1), "gregorian", "month", None)
        day, calendar = numbers["d"].value, "gregorian"  # type: ignore[assignment]
    if calendar == "hijri":
        return _hijri_day(year, month, day, weekday)
    try:
        return _Day(date(year, month, day), calendar, "day", weekday)
    except ValueError:
        return "bad_date"


def _hijri_day(year: int, month: int, day: int, weekday: int | None) -> _Day | str:
    """A Hijri date (Umm al-Qura) as a Gregorian day. A weekday that is not the converted
    day's but the day before's or after's is a local sighting of the month: that day."""
    try:
        converted = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return "bad_hijri"
    day_ = date(converted.year, converted.month, converted.day)
    if weekday is not None and day_.weekday() != weekday:
        for shift in (-1, 1):
            if (day_ + timedelta(days=shift)).weekday() == weekday:
                day_ += timedelta(days=shift)
                break
    return _Day(day_, "hijri", "day", weekday)


def _clock(time_tokens: list[Token]) -> tuple[int, int, int, str] | str:
    """Hour, minute, second and precision of a time span (``t`` or an hour before a
    period, then the period), or why it is no time."""
    head = time_tokens[0]
    if head.kind == "t":
        parts: tuple[int, ...] = head.value  # type: ignore[assignment]
        hour, minute, second = (*parts, 0)[:3]
        precision = "second" if len(parts) == 3 else "minute"
    else:
        hour, minute, second, precision = int(head.value), 0, 0, "hour"  # type: ignore[call-overload]
    if hour > 23 or minute > 59 or second > 59:
        return "bad_time"
    period = next(("pm" if t.kind == "M" else str(t.value) for t in time_tokens[1:] if t.kind in "pM"), None)
    if period:
        hour = _in_period(hour, words.PERIOD_HOURS[period])
        if hour is None:
            return "period_conflict"
    return hour, minute, second, precision


def _in_period(hour: int, hours: frozenset[int]) -> int | None:
    """The 24-hour reading of ``hour`` that lies in the period (a 12-hour clock hour can be
    ``h`` or ``h + 12``; 0 and 13–23 are already 24-hour), or ``None``."""
    readings = {hour} if hour == 0 or hour > 12 else {hour % 12, hour % 12 + 12}
    fitting = readings & hours
    return fitting.pop() if len(fitting) == 1 else None


def _zone(time_tokens: list[Token], tz: tzinfo) -> tzinfo | str:
    """The zone a time span names (``GMT+3``, ``+0300``, ``بتوقيت مكة``), else ``tz``."""
    named = next((t for t in time_tokens if t.kind == "z"), None)
    offset = next((t for t in time_tokens if t.kind == "o"), None)
    if offset is not None:
        if named is not None and named.value is not UTC:
            return "zone_conflict"
        return _offset(offset.text)
    if named is not None:
        return named.value if named.value is not None else tz  # type: ignore[return-value]
    return tz


def _offset(text: str) -> tzinfo | str:
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    if hours > 14 or minutes > 59:
        return "bad_zone"
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


# -- relative dates -----------------------------------------------------------------------------


def _relative_day(span: list[Token], match: re.Match[str], now: datetime) -> DateReading:
    """``أمس``, ``اليوم عند الساعة 10:15``, ``مساء أمس``, ``أمس الأحد``: a day counted from ``now``."""
    if match["before"] and match["after"]:
        return _refused("unexpected_order")
    offset = next(t.value for t in span if t.kind == "r")
    time_tokens = span[slice(*match.span("before"))] or span[slice(*match.span("after"))]
    zone = _zone(time_tokens, now.tzinfo or UTC) if time_tokens else now.tzinfo
    if isinstance(zone, str):
        return _refused(zone)
    day = now.astimezone(zone).date() + timedelta(days=offset)  # type: ignore[arg-type]
    weekday = next((t.value for t in span if t.kind == "w"), None)
    if weekday is not None and weekday != day.weekday():
        return _refused("weekday_mismatch")
    return _on_day(day, time_tokens, now.tzinfo or UTC)


def _last_or_next_weekday(span: list[Token], match: re.Match[str], now: datetime) -> DateReading:
    """``الاثنين الماضي`` / ``الأربعاء القادم`` (at a time): the nearest such day before or
    after today."""
    target: int = span[0].value  # type: ignore[assignment]
    today = now.date()
    if span[1].kind == "l":
        day = today - timedelta(days=(today.weekday() - target) % 7 or 7)
    else:
        day = today + timedelta(days=(target - today.weekday()) % 7 or 7)
    return _on_day(day, span[slice(*match.span("after"))], now.tzinfo or UTC)


_UNIT_PRECISION = {
    "seconds": "second", "minutes": "minute", "hours": "hour", "days": "day", "weeks": "day",
    "months": "month", "years": "year",
}  # fmt: skip


def _amount_from_now(span: list[Token], match: re.Match[str], now: datetime) -> DateReading:
    """``منذ ساعتين``, ``قبل 5 دقائق``, ``منذ ساعة واحدة تقريبًا``, ``3 أيام مضت``,
    ``منذ أقل من دقيقة``, ``خلال 3 أيام``: ``now`` minus (or plus) the amount."""
    unit, inherent = next(t.value for t in span if t.kind == "u")  # type: ignore[misc]
    given = [t.value for t in span if t.kind in "dc"]
    if any(t.kind == "<" for t in span):
        if unit not in ("seconds", "minutes", "moments") or given:
            return _refused("vague")
        return _now(span, match, now)
    if given and inherent == 2:
        return _refused("unexpected_order")  # "3 ساعتين": a number before a dual
    count = given[0] if given else inherent
    if count is None and unit not in ("seconds", "moments"):
        return _refused("vague")  # "منذ ساعات": hours ago, how many?
    if count is None or unit == "moments":  # "منذ ثوان", "منذ لحظات": just now
        return _now(span, match, now)
    sign = 1 if any(t.kind == "f" for t in span) else -1
    precision = _UNIT_PRECISION[unit]
    if unit in ("months", "years"):
        if count != int(count):
            return _refused("vague")
        moved = _add_months(now.date(), sign * int(count) * (12 if unit == "years" else 1))
        return DateReading(datetime(moved.year, moved.month, moved.day, tzinfo=now.tzinfo), precision)
    moved_at = now + sign * timedelta(**{unit: count})
    if precision == "day":
        return DateReading(datetime(moved_at.year, moved_at.month, moved_at.day, tzinfo=now.tzinfo), "day")
    return DateReading(moved_at.replace(microsecond=0), precision)


def _now(span: list[Token], match: re.Match[str], now: datetime) -> DateReading:
    """``الآن``, ``منذ لحظات``, ``منذ أقل من دقيقة``: the crawl time, to the minute."""
    return DateReading(now.replace(second=0, microsecond=0), "minute")


def _add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# Shapes of relative dates and their readers (span, match, now in the site's zone).
_RELATIVE_SHAPES = (
    (_RELATIVE_DAY, _relative_day),
    (_WEEKDAY, _last_or_next_weekday),
    (_AMOUNT, _amount_from_now),
    (_NOW, _now),
)


# -- ISO 8601 and the public helpers ---------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"[Tt ]\d{2}(?::?(\d{2})(?::?(\d{2}))?)?")


def _read_iso(value: str, tz: tzinfo) -> DateReading | None:
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    if len(value) == 10:
        precision = "day"
    elif value[13:14] == ":":  # 2025-11-28T10:15…
        precision = "second" if value[16:17] == ":" else "minute"
    else:
        clock = _ISO_TIME.match(value, 10)  # basic format (T1015) or an hour alone
        precision = "hour" if not clock or not clock[1] else "minute" if not clock[2] else "second"
    return DateReading(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz), precision, None)


def parse_iso(value: str, tz: tzinfo) -> datetime | None:
    """An ISO 8601 date or date-time; a value without offset is read in ``tz``."""
    value = value.strip()
    if not _ISO_DATE.match(value):
        return None
    reading = _read_iso(value, tz)
    return reading.value if reading else None


def parse_date(value: str | None, tz: tzinfo, now: datetime | None = None) -> datetime | None:
    """:func:`read_date`'s value alone (a day-precision date is its midnight in ``tz``, a
    month its first day); ``None`` when ``value`` holds no date that can be trusted."""
    return read_date(value, tz, now).value


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
    return (value.replace(microsecond=0) if value.microsecond else value).isoformat()


def is_date_line(text: str) -> bool:
    """True when ``text`` is nothing but a date (``الأحد 14 مارس 2010``, ``نشر في: 20/01/2016``),
    as opposed to a sentence that mentions one."""
    found = tokens(text)
    if any(token.kind in "?#" for token in found):
        return False
    return _read_tokens(found, UTC, None).value is not None
