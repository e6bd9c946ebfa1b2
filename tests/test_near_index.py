"""The near-duplicate band index: band keys of the newest signatures held in memory and
written in sorted batches (SQLite, :mod:`newscrawl.storage.bands`), found by every
connection, recovered after a kill, kept whole when a schema-1 store is upgraded; written
with each signature on PostgreSQL (the first test runs on both backends)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np

from newscrawl.minhash import band_keys, to_bytes
from newscrawl.storage import Store
from newscrawl.storage.base import BANDS_THROUGH_KEY, SCHEMA_VERSION
from newscrawl.storage.sqlite import SQLiteStore


def signatures(count: int, seed: int = 1) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 2**32, size=128, dtype=np.uint32) for _ in range(count)]


def add(store: Store, n: int, sig: np.ndarray) -> None:
    store.add_signature(f"https://a/{n}", None, to_bytes(sig), band_keys(sig), 100.0 + n)


def found(store: Store, sig: np.ndarray) -> list[str]:
    return [c.canonicalUrl for c in store.near_candidates(band_keys(sig))]


def band_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM dedup_bands").fetchone()[0]


def test_every_signature_is_found_before_and_after_its_bands_are_written(
    open_store: Callable[[], Store], backend: dict[str, str]
) -> None:
    store = open_store()
    store.band_batch = min(store.band_batch, 3)  # PostgreSQL: 0, written with each signature
    sigs = signatures(8)
    for n, sig in enumerate(sigs):
        add(store, n, sig)
        assert [found(store, s) for s in sigs[: n + 1]] == [[f"https://a/{m}"] for m in range(n + 1)]
    store.commit()
    other = open_store()
    assert [found(other, s) for s in sigs] == [[f"https://a/{m}"] for m in range(8)]
    if "NEWSCRAWL_POSTGRES_DSN" not in backend:
        assert band_rows(Path(backend["NEWSCRAWL_SQLITE_PATH"])) == 6 * 16  # two batches of 3
        assert store.get_meta(BANDS_THROUGH_KEY) == "6"


def _add_and_die(path: Path, sigs: list[np.ndarray]) -> None:
    store = SQLiteStore(path)
    store.band_batch = 4
    for n, sig in enumerate(sigs):
        add(store, n, sig)
    store.commit()
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no flush


def test_band_keys_held_by_a_killed_process_are_made_again_from_the_stored_signatures(tmp_path: Path) -> None:
    path, sigs = tmp_path / "s.sqlite3", signatures(8)
    child = multiprocessing.get_context("fork").Process(target=_add_and_die, args=(path, sigs[:6]))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    assert band_rows(path) == 4 * 16  # the two newest were held in memory only
    store = SQLiteStore(path)
    store.band_batch = 4
    assert [found(store, s) for s in sigs[:6]] == [[f"https://a/{m}"] for m in range(6)]
    add(store, 6, sigs[6])
    add(store, 7, sigs[7])  # four held: written
    store.commit()
    assert band_rows(path) == 8 * 16
    assert store.get_meta(BANDS_THROUGH_KEY) == "8"
    store.close()


def test_a_connection_finds_and_writes_what_another_holds(tmp_path: Path) -> None:
    """Two crawls on one file (workers of a shared frontier): each finds the signatures the
    other stored before it wrote their bands, and either writes both's."""
    path, sigs = tmp_path / "s.sqlite3", signatures(4)
    first, second = SQLiteStore(path), SQLiteStore(path)
    first.band_batch = second.band_batch = 4
    add(first, 0, sigs[0])
    add(first, 1, sigs[1])
    first.commit()
    assert band_rows(path) == 0
    assert [found(second, s) for s in sigs[:2]] == [["https://a/0"], ["https://a/1"]]
    second.lock_keys([])
    add(second, 2, sigs[2])
    add(second, 3, sigs[3])  # four held, two of them the first's: all written
    second.commit()
    assert band_rows(path) == 4 * 16
    assert [found(first, s) for s in sigs] == [[f"https://a/{m}"] for m in range(4)]
    first.close()
    second.close()


def test_a_replaced_signature_is_found_by_its_new_keys_only(tmp_path: Path) -> None:
    """SQLite gives the highest id again when that row is replaced: another connection that
    had read the old signature under that id must not keep its keys."""
    path = tmp_path / "s.sqlite3"
    old, new, kept = signatures(3)
    first, second = SQLiteStore(path), SQLiteStore(path)
    add(first, 0, kept)
    add(first, 1, old)
    first.commit()
    assert found(second, old) == ["https://a/1"]
    add(first, 1, new)  # re-indexed: the same URL, a new signature, the same id
    first.commit()
    assert (found(second, old), found(second, new), found(second, kept)) == ([], ["https://a/1"], ["https://a/0"])
    first.close()
    second.close()


def test_signatures_rolled_back_are_not_held(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.sqlite3")
    gone, stays = signatures(2)
    add(store, 0, gone)
    store.rollback()
    assert found(store, gone) == []
    add(store, 1, stays)  # takes the rolled-back id
    assert (found(store, gone), found(store, stays)) == ([], ["https://a/1"])
    store.close()


def test_a_schema_1_store_keeps_its_band_index(tmp_path: Path) -> None:
    """A store of schema 1 wrote every signature's band keys: upgraded, it records so and
    holds nothing in memory; its signatures are found."""
    path, sigs = tmp_path / "old.sqlite3", signatures(3)
    store = SQLiteStore(path)
    store.band_batch = 0  # as schema 1 did
    for n, sig in enumerate(sigs):
        add(store, n, sig)
    store.delete_meta(BANDS_THROUGH_KEY)
    store.set_meta("schema_version", "1")
    store.close()
    upgraded = SQLiteStore(path)
    assert (upgraded.get_meta("schema_version"), upgraded.get_meta(BANDS_THROUGH_KEY)) == (str(SCHEMA_VERSION), "3")
    assert [found(upgraded, s) for s in sigs] == [[f"https://a/{m}"] for m in range(3)]
    assert upgraded._recent is not None and len(upgraded._recent) == 0
    upgraded.close()
