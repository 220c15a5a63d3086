"""Errors a user can act on: what was wrong, where, and what to do."""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file."""

    source: str
    row: int | None  # 1-based line number in the file, header is line 1
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.row is not None:
            where += f", line {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class InputError(ValueError):
    """Bad input; holds every problem found, so a user can fix them in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = f"\n  ... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{len(self.problems)} problem(s); nothing was loaded:\n{shown}{more}")


ERROR_LOG_ENV_VAR = "ABP_ERROR_LOG"
logger = logging.getLogger("abp")


def error_log_path() -> Path:
    """Where unexpected errors are written in full: ``ABP_ERROR_LOG``, or ``abp-errors.log`` in the
    system's temporary folder."""
    return Path(os.environ.get(ERROR_LOG_ENV_VAR) or Path(tempfile.gettempdir()) / "abp-errors.log")


def report_unexpected(error: BaseException, context: str) -> str:
    """Log an error no check anticipated, with its traceback, to the server's log (stderr) and the
    error log; return a short reference to show the user instead of the traceback.

    Examples
    --------
    >>> import re
    >>> bool(re.fullmatch(r"\\d{8}-\\d{6}-[0-9a-f]{4}", report_unexpected(RuntimeError("x"), "doctest")))
    True
    """
    reference = datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)
    details = "".join(traceback.format_exception(error))
    logger.error("unexpected error in %s (reference %s)\n%s", context, reference, details)
    try:
        with open(error_log_path(), "a", encoding="utf-8") as log:
            log.write(f"--- {reference} {context}\n{details}\n")
    except OSError:
        pass  # the server log above has it
    return reference
