"""The words of Arabic date texts, as data: what :mod:`newscrawl.text.dates` can understand.

Every entry is written as people write it (hamza, shadda, tanween and all); the reader folds
both these tables and the text it reads the same way, so a spelling variant that differs
only by those marks needs no entry of its own. The month names are the regional sets of the
Arabic locales of CLDR (Egypt/Gulf ``يناير``, Levant/Iraq ``كانون الثاني``, Algeria/Tunisia
``جانفي``, Morocco ``يوليوز``, Mauritania ``شتمبر``) plus the spellings of the same sets that
are common in print (``يونيه``, ``كانون ثاني``, ``كانون 2``, Iraqi ``مايس``); the day periods
are CLDR's (``ص``/``م``, ``فجرًا``, ``ظهرًا``, ``بعد الظهر``, ``مساءً``, ``ليلاً``, ``منتصف الليل``)
with their common variants; the relative words and plural forms are those of Arabic grammar
(singular, dual, plural, accusative after 11+).
"""

from __future__ import annotations

# Gregorian months: number -> the names used for it in the Arab regions.
MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني", "كانون ثاني", "كانون 2", "ك 2", "جانفي", "جانفييه"),
    2: ("فبراير", "فبرير", "شباط", "فيفري"),
    3: ("مارس", "آذار"),
    4: ("أبريل", "إبريل", "ابريل", "نيسان", "أفريل"),
    5: ("مايو", "أيار", "ماي", "مايس"),
    6: ("يونيو", "يونيه", "يونية", "حزيران", "جوان"),
    7: ("يوليو", "يوليه", "يولية", "يوليوز", "تموز", "جويلية", "جويليه"),
    8: ("أغسطس", "أغشت", "آب", "أوت", "غشت"),
    9: ("سبتمبر", "شتنبر", "شتمبر", "أيلول"),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول", "تشرين 1", "ت 1", "تشري الأول"),
    11: ("نوفمبر", "نونبر", "تشرين الثاني", "تشرين ثاني", "تشرين 2", "ت 2"),
    12: ("ديسمبر", "دجنبر", "دجمبر", "كانون الأول", "كانون أول", "كانون 1", "ك 1"),
}

# English month and weekday names (CLDR ``en``, wide and abbreviated), for the structured
# values some Arabic sites write in English (``Fri, 28 Nov 2025 10:15:00 +0300``).
ENGLISH_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan"), 2: ("february", "feb"), 3: ("march", "mar"), 4: ("april", "apr"),
    5: ("may",), 6: ("june", "jun"), 7: ("july", "jul"), 8: ("august", "aug"),
    9: ("september", "sep", "sept"), 10: ("october", "oct"), 11: ("november", "nov"), 12: ("december", "dec"),
}  # fmt: skip
ENGLISH_WEEKDAY_NAMES: dict[int, tuple[str, ...]] = {
    0: ("monday", "mon"), 1: ("tuesday", "tue", "tues"), 2: ("wednesday", "wed"), 3: ("thursday", "thu", "thurs"),
    4: ("friday", "fri"), 5: ("saturday", "sat"), 6: ("sunday", "sun"),
}  # fmt: skip

# Hijri (Umm al-Qura) months.
HIJRI_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع آخر", "ربيع ثاني"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جمادى ثاني"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة", "ذا القعدة"),
    12: ("ذو الحجة", "ذي الحجة", "ذا الحجة"),
}

# Weekdays, Monday = 0 as in :meth:`datetime.date.weekday`; with and without the article.
WEEKDAY_NAMES: dict[int, tuple[str, ...]] = {
    0: ("الاثنين", "الإثنين", "اثنين", "إثنين", "الإتنين", "اتنين"),  # ث said ت in the Levant and Maghreb
    1: ("الثلاثاء", "ثلاثاء"),
    2: ("الأربعاء", "أربعاء"),
    3: ("الخميس", "خميس"),
    4: ("الجمعة", "جمعة"),
    5: ("السبت", "سبت"),
    6: ("الأحد", "أحد"),
}

# Day periods: the 24-hour hours each one covers. A 12-hour clock hour takes the one reading
# (h or h + 12) that falls in its period; none or a 24-hour hour outside it is a conflict.
PERIOD_HOURS: dict[str, frozenset[int]] = {
    "am": frozenset(range(0, 12)),
    "pm": frozenset(range(12, 24)),
    "dawn": frozenset(range(2, 7)),
    "noon": frozenset(range(11, 16)),
    "afternoon": frozenset(range(12, 19)),
    # CLDR's abbreviated "في المساء" also names 00:00–01:00.
    "evening": frozenset((*range(16, 24), 0)),
    "night": frozenset((*range(19, 24), *range(0, 6))),
    "midnight": frozenset((0,)),
}
PERIOD_NAMES: dict[str, tuple[str, ...]] = {
    "am": ("ص", "صباحًا", "صباحاً", "صباحا", "صباح", "الصباح", "في الصباح", "قبل الظهر", "ق ظ", "am"),
    "pm": ("مساءً", "مساءا", "مساء", "pm"),  # "م" is read by position (pm after a time, AD after a year)
    "dawn": ("فجرًا", "فجراً", "فجر", "الفجر", "في الفجر"),
    "noon": ("ظهرًا", "ظهراً", "ظهر", "الظهر", "في الظهر", "الظهيرة", "ظهيرة"),
    "afternoon": ("بعد الظهر", "بعد الظهيرة", "ب ظ", "عصرًا", "عصراً", "عصر", "العصر"),
    "evening": ("المساء", "في المساء"),
    "night": ("ليلاً", "ليلًا", "ليلا", "ليل", "الليل", "في الليل", "ل"),
    "midnight": ("منتصف الليل", "نصف الليل"),
}

# Units of "N units ago": unit -> {word: count it carries (None: a plural that needs a number)}.
UNIT_WORDS: dict[str, dict[str, int | None]] = {
    "seconds": {"ثانية": 1, "ثانيةً": 1, "ثانيتين": 2, "ثانيتان": 2, "ثوان": None, "ثواني": None, "ثوانٍ": None},
    "minutes": {"دقيقة": 1, "دقيقةً": 1, "دقيقتين": 2, "دقيقتان": 2, "دقائق": None},
    "hours": {"ساعة": 1, "ساعةً": 1, "ساعتين": 2, "ساعتان": 2, "ساعات": None},
    "days": {"يوم": 1, "يومًا": 1, "يوماً": 1, "يومين": 2, "يومان": 2, "أيام": None},
    "weeks": {"أسبوع": 1, "أسبوعًا": 1, "أسبوعين": 2, "أسبوعان": 2, "أسابيع": None},
    "months": {"شهر": 1, "شهرًا": 1, "شهرين": 2, "شهران": 2, "أشهر": None, "شهور": None},
    "years": {
        "سنة": 1, "سنةً": 1, "عام": 1, "عامًا": 1, "سنتين": 2, "سنتان": 2, "عامين": 2, "عامان": 2,
        "سنوات": None, "سنين": None, "أعوام": None,
    },
    "moments": {"لحظة": 1, "لحظات": None},
}  # fmt: skip
# Numbers written as words before a unit ("ثلاث ساعات"), and "one" after it ("ساعة واحدة").
COUNT_WORDS: dict[str, float] = {
    "اثنتين": 2, "اثنان": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5,
    "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8, "ثمان": 8, "ثمانية": 8,
    "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "نصف": 0.5, "ربع": 0.25,
}  # fmt: skip
ONE_WORDS = ("واحد", "واحدة")

# Days named relative to today.
RELATIVE_DAYS: dict[int, tuple[str, ...]] = {
    0: ("اليوم",),
    -1: ("أمس", "الأمس", "البارحة"),
    -2: ("أول أمس", "أول من أمس", "قبل أمس", "أمس الأول"),
    1: ("غدًا", "غداً", "غدا"),
    2: ("بعد غد", "بعد غدٍ"),
}
NOW_WORDS = ("الآن", "حالاً", "حالا", "للتو")
AGO_BEFORE = ("منذ", "قبل")  # "منذ ساعتين"
AGO_AFTER = ("مضت", "مضى", "خلت")  # "ساعتان مضتا" is rare; "ثلاث ساعات مضت"
IN_FUTURE = ("خلال", "بعد", "في غضون")
APPROXIMATELY = ("تقريبًا", "تقريباً", "تقريبا", "حوالي", "حوالى", "نحو")
LESS_THAN = ("أقل من",)
MORE_THAN = ("أكثر من",)
LAST = ("الماضي", "الماضية", "المنصرم", "الفائت", "السابق")  # "الاثنين الماضي"
NEXT = ("القادم", "القادمة", "المقبل", "المقبلة", "التالي")

# Calendar eras: after a year ("2020م", "1437 هـ"). A bare "م" is read by position.
ERA_AD = ("ميلادي", "ميلادية", "للميلاد")
ERA_AH = ("هـ", "ه", "هجري", "هجرية", "للهجرة")

# Zones. Times "بتوقيت غرينتش" / "GMT+3" / "+0300"; a named place's zone ("بتوقيت مكة").
UTC_NAMES = (
    "gmt", "utc", "z", "غرينتش", "جرينتش", "غرينيتش", "جرينيتش", "غرنتش", "التوقيت العالمي",
    "التوقيت العالمي المنسق", "توقيت غرينتش", "بتوقيت غرينتش", "بتوقيت جرينتش", "حسب توقيت غرينتش",
)  # fmt: skip
# CLDR's zone names whose offset is one and the same wherever they are used.
ZONE_NAME_OFFSETS: dict[str, int] = {
    "التوقيت العربي": 3, "التوقيت العربي الرسمي": 3, "توقيت الخليج": 4, "توقيت شرق أفريقيا": 3,
    "توقيت وسط أفريقيا": 2, "توقيت شرق أوروبا الرسمي": 2, "توقيت شرق أوروبا الصيفي": 3,
    "توقيت وسط أوروبا الرسمي": 1, "توقيت وسط أوروبا الصيفي": 2,
}  # fmt: skip
ZONE_PREFIXES = ("توقيت", "بتوقيت", "بالتوقيت", "حسب توقيت", "وفق توقيت")
LOCAL_TIME = ("المحلي", "المحلية")  # "بالتوقيت المحلي": the site's own zone
# Places whose name is not shared by another zone (عمان is Amman and Oman; طرابلس is in
# Libya and Lebanon: neither is here).
ZONE_PLACES: dict[str, tuple[str, ...]] = {
    "Asia/Riyadh": ("مكة", "مكة المكرمة", "الرياض", "السعودية", "المملكة العربية السعودية"),
    "Africa/Cairo": ("القاهرة", "مصر"),
    "Asia/Hebron": ("القدس", "فلسطين", "رام الله", "غزة"),
    "Asia/Beirut": ("بيروت", "لبنان"),
    "Asia/Damascus": ("دمشق", "سوريا", "سورية"),
    "Asia/Baghdad": ("بغداد", "العراق"),
    "Asia/Amman": ("الأردن",),
    "Asia/Dubai": ("دبي", "أبوظبي", "أبو ظبي", "الإمارات", "الإمارات العربية المتحدة"),
    "Asia/Qatar": ("الدوحة", "قطر"),
    "Asia/Kuwait": ("الكويت",),
    "Asia/Bahrain": ("البحرين", "المنامة"),
    "Asia/Muscat": ("مسقط", "سلطنة عمان"),
    "Asia/Aden": ("صنعاء", "اليمن", "عدن"),
    "Africa/Khartoum": ("الخرطوم", "السودان"),
    "Africa/Tripoli": ("ليبيا",),
    "Africa/Tunis": ("تونس",),
    "Africa/Algiers": ("الجزائر",),
    "Africa/Casablanca": ("الرباط", "المغرب", "الدار البيضاء"),
    "Africa/Nouakchott": ("نواكشوط", "موريتانيا"),
}

# Words that stand in date texts without adding to the date: labels ("نشر في", "آخر تحديث"),
# "the hour" before a time, "corresponding to" between two calendars.
FILLER_WORDS = (
    "في", "الساعة", "عند", "على", "مع", "تمام", "من", "الموافق", "يوافق", "الموافقة", "بتاريخ",
    "تاريخ", "التاريخ", "نشر", "نشرت", "نشره", "منشور", "النشر", "تم", "آخر", "تحديث", "التحديث",
    "حدث", "محدث", "تعديل", "التعديل", "عدل", "معدل", "أضيف", "الإضافة",
)  # fmt: skip
