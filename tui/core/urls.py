"""Canonical URLs: the key that says two links point at the same story.

Feeds disagree on scheme, `www.`, trailing slashes, tracking parameters and AMP
wrappers for one and the same page; the store, the graph and the duplicate finder
all compare stories through this one function so they can never disagree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_amp", "amp", "outputtype", "ocid", "usqp"})
# utm_* is tracking; amp_* (amp_js_v, amp_gsa, amp_tf...) is what the AMP viewer adds.
_TRACKING_PREFIXES = ("utm_", "amp_")
_AMP_CACHE = ".cdn.ampproject.org"
# Most story URLs: http(s), a plain host, no port, user, query or fragment, and none of
# the tab and line-break characters urlsplit drops. For them the key is cut out of the
# text directly; urlsplit and the query rules take everything else.
# tests/test_urls.py holds the two ways to the same answer.
_PLAIN = re.compile(r"https?://([A-Za-z0-9._-]+)(/[^?#\t\r\n]*)?")


def _strip_host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in ("www.", "amp.", "m."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    return host


@lru_cache(maxsize=1 << 17)
def canonical_url(url: str) -> str:
    """`https://www.x.com/a/?utm_source=y` and `http://x.com/a` both give `x.com/a`.

    Returns "" for an empty or unusable URL, which never matches anything.
    """
    plain = _PLAIN.fullmatch(url.strip())
    if plain is None:
        return _canonical(url)
    host = plain.group(1).lower()
    if host.endswith(_AMP_CACHE):
        return _canonical(url)
    host = _strip_host(host)
    if not host:
        return ""
    return host + _path(plain.group(2) or "")


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
        # https://x-com.cdn.ampproject.org/c/s/www.x.com/a?_amp=true -> x.com/a
        segments = [s for s in path.split("/") if s]
        while segments and segments[0] in ("c", "v", "i", "s", "wp"):
            segments.pop(0)
        if segments:
            host, path = segments[0], "/" + "/".join(segments[1:])
            port = None
    host = _strip_host(host)
    if not host:
        return ""
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = _path(path)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING
    ]
    tail = "?" + urlencode(sorted(query)) if query else ""
    return f"{host}{path}{tail}"
