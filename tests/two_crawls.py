"""Two processes that offer copies of the same stories at the same moment (the concurrency
tests of the dedup stages): the stories, and the processes meeting at a barrier."""

from __future__ import annotations

import multiprocessing
import random
from collections.abc import Callable
from typing import Any

from tests.wirestories import copy_of, story

Texts = list[tuple[str, str]]  # (headline, body) per story


def two_sides(seed: int, stories: int) -> dict[str, Texts]:
    """Side ``a``: original stories; side ``b``: a copy of each (every third an exact copy,
    the others near copies)."""
    rng = random.Random(seed)
    originals = [story(rng) for _ in range(stories)]
    copies = [s if n % 3 == 0 else copy_of(s, rng, edit_rate=0.01) for n, s in enumerate(originals)]
    return {side: [(s.headline, s.body) for s in texts] for side, texts in (("a", originals), ("b", copies))}


def run_two_sides(target: Callable[[str, Texts, Any, Any], None], sides: dict[str, Texts],
                  timeout: float = 120) -> list[tuple[str, str]]:  # fmt: skip
    """Run ``target(side, texts, barrier, out)`` in a forked process per side; each puts
    ``(side, outcomes)`` (a list per story, or an error's repr) on ``out``. The outcomes of
    both sides, story by story."""
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(len(sides)), context.Queue()
    processes = [context.Process(target=target, args=(side, texts, barrier, out)) for side, texts in sides.items()]
    for process in processes:
        process.start()
    results = dict(out.get(timeout=timeout) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    assert all(isinstance(v, list) for v in results.values()), results
    return list(zip(results["a"], results["b"], strict=True))
