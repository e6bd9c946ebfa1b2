"""The MinHash scheme is pinned: stored signatures and band keys stay comparable across
releases unless the scheme is renamed (the store then re-indexes)."""

from __future__ import annotations

import hashlib
import random

from newscrawl.minhash import BANDS, NUM_PERM, SCHEME, band_keys, signature, similarity, to_bytes
from newscrawl.text.arabic import match_key
from tests.wirestories import copy_of, story

TEXT = "أعلنت وزارة الدفاع الأميركية أن فرنسا والولايات المتحدة تنظمان اجتماعا في باريس لبحث الأزمة"


def test_the_scheme_gives_the_same_signature_and_band_keys_as_when_it_was_pinned() -> None:
    # If this fails, a detail of the scheme changed: rename SCHEME (the store re-indexes on
    # a new name) and update these values.
    assert SCHEME == "newscrawl-minhash-v2"
    sig = signature(match_key(TEXT))
    assert sig.dtype.itemsize == 4 and len(sig) == NUM_PERM
    assert hashlib.sha256(to_bytes(sig)).hexdigest() == (
        "7ec6b63492ec4223cd1be51afa6d59661e54fdf85259e715137713965f128802"
    )
    keys = band_keys(sig)
    assert len(keys) == BANDS == 16
    assert keys[:3] == [7076474982306249476, -201260149259356665, -2958287785664864195]


def test_spelling_variants_have_equal_signatures_and_unrelated_stories_do_not_share_bands() -> None:
    variant = TEXT.replace("أ", "ا").replace("ة", "ه")
    assert similarity(signature(match_key(TEXT)), signature(match_key(variant))) == 1.0
    rng = random.Random(1)
    a, b = story(rng), story(rng)
    sig_a, sig_b = signature(match_key(a.body)), signature(match_key(b.body))
    assert similarity(sig_a, sig_b) < 0.1
    assert not set(band_keys(sig_a)) & set(band_keys(sig_b))


def test_a_lightly_edited_copy_shares_bands_and_scores_above_the_threshold() -> None:
    rng = random.Random(2)
    original = story(rng)
    copy = copy_of(original, rng, edit_rate=0.01)
    sig_a, sig_b = signature(match_key(original.body)), signature(match_key(copy.body))
    assert set(band_keys(sig_a)) & set(band_keys(sig_b))
    assert similarity(sig_a, sig_b) >= 0.6
