"""What the tests need from the machine, and how long a wait may be on it.

``.ci/run`` sets ``CI=true``: there a missing tool or data folder (Chromium, nginx,
``../shared/realdata``) fails the test that needs it; elsewhere it skips with the reason, so a
developer without them still runs the rest. Waits for a browser or a server scale with how busy
the machine is, so a test passes on a shared, loaded machine too.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """True under ``.ci/run`` (``CI=true``; GitHub Actions and most CI services set it too)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require(present: bool, what: str) -> None:
    """Skip (locally) or fail (in CI) when ``what`` is missing; ``what`` says how to get it."""
    if present:
        return
    if in_ci():
        pytest.fail(f"{what} (required in CI)")
    pytest.skip(what)


def _scale() -> float:
    """``ABP_WAIT_SCALE`` if set; else 1 plus the load per core when the session started (a machine
    running 2 jobs per core waits 3 times as long), at most 6."""
    configured = os.environ.get("ABP_WAIT_SCALE")
    if configured:
        return max(float(configured), 1.0)
    try:
        per_core = os.getloadavg()[0] / (os.cpu_count() or 1)
    except OSError:
        per_core = 0.0
    return min(1.0 + per_core, 6.0)


WAIT_SCALE = _scale()


def wait_ms(base_ms: float) -> float:
    """A wait of ``base_ms`` on an idle machine, longer on a busy one (Playwright takes milliseconds)."""
    return base_ms * WAIT_SCALE


def wait_s(base_s: float) -> float:
    """The same in seconds (AppTest timeouts, server start-up)."""
    return base_s * WAIT_SCALE
