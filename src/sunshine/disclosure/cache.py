"""The public pages' cache: Django's cache framework, a short TTL, and a generation number bumped on every
publication, withdrawal, hold-back, release and take-down (:func:`invalidate`, run after commit), so a
change shows at once.

What is cached is the data a public page shows (the rows of a list, the count, one decision), keyed by the
generation, the language and the page's parameters; the page itself is rendered per request, so the
CSRF token of the language switch and the signed-in navigation are never shared between visitors.
In production the cache is Redis (``REDIS_URL``), shared by every worker, so one :func:`invalidate`
reaches them all.
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.utils import translation

GENERATION_KEY = "sunshine:disclosure:generation"
TTL = 60  # seconds


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def remember(name: str, params, compute, *, ttl: int = TTL):
    """``compute()`` cached under ``name`` and ``params`` (JSON-able) for ``ttl`` seconds, within the
    current generation and language."""
    raw = json.dumps([name, params, translation.get_language()], sort_keys=True, default=str)
    key = f"sunshine:disclosure:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl)
    return value
