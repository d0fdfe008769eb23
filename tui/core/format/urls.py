"""Canonical URLs: the key that says two links point at the same story.

Feeds disagree on scheme, `www.`, trailing slashes, tracking parameters and AMP
wrappers for one and the same page; the store, the graph and the duplicate finder
all compare stories through this one function so they can never disagree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_amp", "amp", "outputtype", "ocid", "usqp"}
)
# utm_* is tracking; amp_* (amp_js_v, amp_gsa, amp_tf...) is what the AMP viewer adds.
_TRACKING_PREFIXES = ("utm_", "amp_")
_AMP_CACHE = ".cdn.ampproject.org"
# Most story URLs: http(s), a plain host, no port or user, at most one query parameter
# of plain characters (`?_amp=true`, `?outputType=amp`), and none of the tab and
# line-break characters urlsplit drops. For them the key is cut out of the text
# directly; urlsplit and the query rules take everything else (and a parameter that
# stays). tests/test_urls.py holds the two ways to the same answer.
_PLAIN = re.compile(
    r"https?://([A-Za-z0-9._-]+)(/[^?#\t\r\n]*)?(?:\?([A-Za-z0-9_]+)(?:=[A-Za-z0-9_.-]*)?)?(?:#[^\t\r\n]*)?"
)


def _strip_host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in ("www.", "amp.", "m."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
    return host


@lru_cache(maxsize=1 << 17)
def canonical_url(url: str) -> str:
    """`https://www.x.com/a/?utm_source=y` and `http://x.com/a` both give `x.com/a`.

    Returns "" for an empty or unusable URL, which never matches anything.
    """
    plain = _PLAIN.fullmatch(url.strip())
    if plain is None or (plain.group(3) is not None and not _tracking(plain.group(3))):
        return _canonical(url)
    host, path = plain.group(1).lower(), plain.group(2) or ""
    if host.endswith(_AMP_CACHE):
        host, path = _unwrap(path) or (host, path)
    host = _strip_host(host)
    if not host:
        return ""
    return host + _path(path)


def _tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith(_TRACKING_PREFIXES) or key in _TRACKING


def _unwrap(path: str) -> tuple[str, str] | None:
    """The host and path an AMP cache URL's path names (None: none):
    https://x-com.cdn.ampproject.org/c/s/www.x.com/a?_amp=true -> www.x.com, /a"""
    segments = [s for s in path.split("/") if s]
    while segments and segments[0] in ("c", "v", "i", "s", "wp"):
        segments.pop(0)
    return (segments[0], "/" + "/".join(segments[1:])) if segments else None


def _path(path: str) -> str:
    path = path.rstrip("/")
    for suffix in ("/amp", ".amp"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if path.startswith("/amp/"):
        path = path[4:]
    return path


def _canonical(url: str) -> str:
    """`canonical_url` the long way: urlsplit, AMP caches, ports and query rules."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url.lstrip("/")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return ""
    path = parts.path
    if host.endswith(_AMP_CACHE):
        unwrapped = _unwrap(path)
        if unwrapped is not None:
            (host, path), port = unwrapped, None
    host = _strip_host(host)
    if not host:
        return ""
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = _path(path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    tail = "?" + urlencode(sorted(query)) if query else ""
    return f"{host}{path}{tail}"
