"""Shared timing helper for the benchmark scripts."""

from __future__ import annotations

import statistics
import time


def median_ms(function, repeats: int = 5) -> float:
    """Median wall time of ``function()`` over ``repeats`` calls, in milliseconds."""
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000
