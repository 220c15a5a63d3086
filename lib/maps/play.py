"""Play on the Map: which months it steps through, where the next step goes, and when it is due.

Play steps the app's one period (the sidebar's), so the sidebar, the map and the link always
show the same month. It stops at the latest complete month: the newest months are usually
incomplete (reporting lag), and a map of one would be mostly grey.
"""

from __future__ import annotations

from datetime import date

STEP_SECONDS = 1.0  # the promise in the Play toggle's help: one month a second


def play_periods(periods: list[date], latest_complete: date | None, after: date | None = None) -> list[date]:
    """The months Play shows, oldest first: those after ``after`` (the baseline) up to the latest
    complete month (the newest period when no month is complete enough).

    Examples
    --------
    >>> months = [date(2025, m, 1) for m in range(1, 7)]
    >>> [p.month for p in play_periods(months, date(2025, 5, 1), after=date(2025, 2, 1))]
    [3, 4, 5]
    """
    if not periods:
        return []
    last = latest_complete or max(periods)
    return [p for p in sorted(periods) if p <= last and (after is None or p > after)]


def next_play_period(frames: list[date], current: date, starting: bool) -> date | None:
    """The period Play shows after ``current``: the next frame; the first frame when Play is
    switched on at the last frame or outside the frames (an incomplete month); None at the end.

    Examples
    --------
    >>> frames = [date(2025, 3, 1), date(2025, 4, 1)]
    >>> next_play_period(frames, date(2025, 3, 1), starting=False)
    datetime.date(2025, 4, 1)
    >>> next_play_period(frames, date(2025, 4, 1), starting=False) is None
    True
    >>> next_play_period(frames, date(2025, 4, 1), starting=True)
    datetime.date(2025, 3, 1)
    """
    if current in frames and frames.index(current) + 1 < len(frames):
        return frames[frames.index(current) + 1]
    return frames[0] if starting and frames and frames[0] != current else None


def wait_before_step(last_step: float | None, now: float, step_seconds: float = STEP_SECONDS) -> float:
    """Seconds to wait before the next step so that steps start ``step_seconds`` apart: the time
    a step took to draw counts toward its second (none for the first step).

    Examples
    --------
    >>> wait_before_step(10.0, 10.3), wait_before_step(10.0, 11.4), wait_before_step(None, 5.0)
    (0.7, 0.0, 0.0)
    """
    if last_step is None:
        return 0.0
    return round(max(0.0, step_seconds - (now - last_step)), 6)
