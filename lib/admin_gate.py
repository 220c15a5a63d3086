"""Who may load data through the app: named admin accounts, hashed passwords, and a growing delay
after wrong passwords.

Accounts live in Streamlit secrets as ``[admin_accounts]`` ``name = "<hash>"``, the hash written by
``python -m lib admin hash-password`` (PBKDF2-HMAC-SHA256, 600,000 iterations, as OWASP's password
storage guidance recommends for that function). A single shared ``admin_password`` (secrets or the
``ABP_ADMIN_PASSWORD`` environment variable) still works and signs in as the account "admin"; named
accounts are what make the audit trail name a person.

Wrong passwords are counted per browser session and per client address: after
:data:`FREE_ATTEMPTS` failures each further try must wait twice as long as the one before (2, 4,
8 ... seconds, at most :data:`MAX_DELAY_SECONDS`), and every failure is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field

from lib.errors import error_log_path

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300.0
SHARED_ACCOUNT = "admin"
logger = logging.getLogger("abp.admin")


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`` for ``password`` (a fresh random salt by default).

    Examples
    --------
    >>> stored = hash_password("correct horse", salt=b"0123456789abcdef", iterations=1000)
    >>> stored.split("$")[:3]
    ['pbkdf2_sha256', '1000', '30313233343536373839616263646566']
    >>> verify_password("correct horse", stored), verify_password("Correct horse", stored)
    (True, False)
    """
    if not password:
        raise ValueError("the password is empty; choose one of at least 12 characters")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Does ``password`` match ``stored`` (a :func:`hash_password` string)? A malformed entry never matches."""
    try:
        algorithm, iterations, salt, expected = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


@dataclass(frozen=True)
class Accounts:
    """The configured ways in: named accounts (name -> hash) and/or one shared password."""

    named: dict = field(default_factory=dict)
    shared_password: str | None = None

    @property
    def configured(self) -> bool:
        return bool(self.named) or bool(self.shared_password)

    def check(self, name: str, password: str) -> str | None:
        """The account signed in as, or None. Named accounts are matched by name; the shared password
        signs in as "admin" (and only when no named account is called that)."""
        name = name.strip()
        if name in self.named:
            return name if verify_password(password, str(self.named[name])) else None
        if self.shared_password and name in ("", SHARED_ACCOUNT):
            return SHARED_ACCOUNT if hmac.compare_digest(password.encode(), self.shared_password.encode()) else None
        if not name and self.named:  # no name given: compare anyway, so the time taken reveals nothing
            verify_password(password, str(next(iter(self.named.values()))))
        return None


class AttemptLimiter:
    """Failures per key (a session, a client address) and when the next try is allowed; thread-safe,
    one per server process. ``clock`` is injectable for tests."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._next_try: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, keys) -> float:
        """How long any of ``keys`` must still wait before its next try (0 when it may try now)."""
        now = self._clock()
        with self._lock:
            return max([self._next_try.get(k, now) - now for k in keys if k] + [0.0])

    def failed(self, keys) -> float:
        """Record a failure for each key; returns the delay now imposed (the longest of the keys)."""
        now = self._clock()
        delays = []
        with self._lock:
            for key in filter(None, keys):
                self._failures[key] = self._failures.get(key, 0) + 1
                delay = delay_after(self._failures[key])
                self._next_try[key] = now + delay
                delays.append(delay)
        return max(delays + [0.0])

    def succeeded(self, keys) -> None:
        with self._lock:
            for key in filter(None, keys):
                self._failures.pop(key, None)
                self._next_try.pop(key, None)


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong passwords in a row.

    Examples
    --------
    >>> [delay_after(n) for n in (1, 2, 3, 4, 5, 6, 20)]
    [0.0, 0.0, 0.0, 2.0, 4.0, 8.0, 300.0]
    """
    if failures <= FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


LIMITER = AttemptLimiter()


def log_attempt(outcome: str, account: str, client: str | None, session: str) -> None:
    """One line per sign-in attempt, failed or not, to the server log and the attempts log next to the
    error log (never the password)."""
    line = f"admin sign-in {outcome}: account {account or '(none)'!r}, client {client or 'unknown'}, session {session}"
    (logger.warning if outcome != "ok" else logger.info)(line)
    try:
        with open(error_log_path().with_name("abp-admin-attempts.log"), "a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}\n")
    except OSError:
        pass
