"""YAML as Jekyll reads it: Ruby's Psych `safe_load`, rebuilt on libyaml's event stream.

newsdesk's own reader (format/frontmatter.py) follows PyYAML, and PyYAML and Psych
disagree exactly where a site's outcome is decided: Psych reads `nO`, `fAlSe` and
`OFF` as false and `nULL` as nil (PyYAML keeps them as text), reads `y` and `n` as
text, refuses a whole document for one `:symbol`-looking value (`title: :-) hi`), and
turns `1:30` into 5400. Both sit on the same C parser (libyaml), so syntax errors
agree; only the step from events to values differs, and that step is ported here from
Psych 4.0 (scalar_scanner.rb `tokenize`, visitors/to_ruby.rb `deserialize`), the
version Jekyll 4.3 runs with on Debian 12 and Ruby 3.1.

Safety: the event stream is consumed by hand. No YAML constructor ever runs, so no
tag can build an object; aliases share the already-built value (as in Ruby), so an
alias bomb costs nothing; nesting and the number of events are bounded.
"""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import yaml

try:  # libyaml: the parser Psych itself is built on
    from yaml import CSafeLoader as _EventSource
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import SafeLoader as _EventSource  # type: ignore[assignment]

MAX_EVENTS = 2_000_000
MAX_DEPTH = 512


class PsychError(Exception):
    """Psych would raise while loading: Jekyll treats the front matter as unreadable.

    `kind` names the Ruby exception (`Psych::SyntaxError`, `Psych::DisallowedClass`,
    `ArgumentError`...) so a reason can say what Jekyll prints; `line` is 1-based in
    the YAML text when known.
    """

    def __init__(self, kind: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class RubyKey:
    """A mapping key that is not text (`1:`, `true:`, `[a]:`), kept apart as Ruby keeps it.

    In Python `1`, `1.0` and `True` are one dictionary key and a list is no key at all;
    in Ruby they are distinct keys. Only text keys mean anything to Jekyll's reading.
    """

    text: str


# --- ScalarScanner#tokenize ------------------------------------------------------------
# Ruby's `\s` is ASCII whitespace and `\d` ASCII digits; `[[:alpha:]]` is any letter.
_WS = " \t\r\n\f\v"
_ALPHA = r"[^\W\d_]"
_STRINGISH = re.compile(rf"^[^0-9.:\-]?(?:{_ALPHA}|[_{_WS}!@#$%^&*(){{}}<>|/\\~;=])+", re.M)
_TIME = re.compile(
    rf"^-?[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}(?:[Tt]|[{_WS}]+)[0-9]{{1,2}}:[0-9][0-9]:[0-9][0-9]"
    rf"(?:\.[0-9]*)?(?:[{_WS}]*(?:Z|[-+][0-9]{{1,2}}:?(?:[0-9][0-9])?))?$",
    re.M,
)
_DATE = re.compile(r"^[0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9])$", re.M)
_SEXAGESIMAL_INT = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$", re.M)
_SEXAGESIMAL_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$", re.M)
_FLOAT = re.compile(r"^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$", re.M)
_INTEGER = re.compile(
    r"^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$",
    re.M,
)


def tokenize(text: str) -> Any:
    """The Ruby value Psych gives a plain (unquoted, untagged) scalar."""
    if not text:
        return None
    if _STRINGISH.search(text) or "\n" in text:
        if len(text) > 5:
            return text
        if re.search(r"^[^ytonf~]", text, re.I | re.M):
            return text
        if text == "~" or re.search(r"^null$", text, re.I | re.M):
            return None
        if re.search(r"^(yes|true|on)$", text, re.I | re.M):
            return True
        if re.search(r"^(no|false|off)$", text, re.I | re.M):
            return False
        return text
    if _TIME.search(text):
        parsed = parse_time(text)
        return text if parsed is None else parsed
    if _DATE.search(text):
        year, month, day = (int(part) for part in text.split("-"))
        try:
            return date(year, month, day)
        except ValueError:  # Date.strptime raises, Psych keeps the text
            return text
    if re.search(r"^\+?\.inf$", text, re.I | re.M):
        return math.inf
    if re.search(r"^-\.inf$", text, re.I | re.M):
        return -math.inf
    if re.search(r"^\.nan$", text, re.I | re.M):
        return math.nan
    if re.search(r"^:.", text, re.M):
        raise PsychError("Psych::DisallowedClass", f"{text[:40]!r} is a Ruby symbol; safe_load refuses the document")
    if _SEXAGESIMAL_INT.search(text):
        return sum(_ruby_to_i(part) * 60 ** abs(i - 2) for i, part in enumerate(text.split(":")))
    if _SEXAGESIMAL_FLOAT.search(text):
        return sum(_ruby_to_f(part) * 60 ** abs(i - 2) for i, part in enumerate(text.split(":")))
    if _FLOAT.search(text):
        if re.fullmatch(r"[-+]?\.", text):
            return text
        cleaned = re.sub(r"[,_]|\.([Ee]|$)", r"\1", text)
        try:
            return float(cleaned)
        except ValueError:
            raise PsychError("ArgumentError", f"invalid value for Float(): {text[:40]!r}") from None
    if _INTEGER.search(text):
        return _ruby_integer(text.replace(",", "").replace("_", ""), text)
    return text


def _ruby_to_i(part: str) -> int:
    match = re.match(r"[-+]?[0-9][0-9_]*", part)
    return int(match.group().replace("_", "")) if match else 0


def _ruby_to_f(part: str) -> float:
    match = re.match(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?", part)
    return float(match.group().replace("_", "").rstrip(".")) if match else 0.0


def _ruby_integer(cleaned: str, original: str) -> int:
    """Ruby's strict `Integer()`: a leading 0 means octal, 0b binary, 0x hex."""
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    try:
        if digits[:2] in ("0b", "0B"):
            return sign * int(digits[2:], 2)
        if digits[:2] in ("0x", "0X"):
            return sign * int(digits[2:], 16)
        if len(digits) > 1 and digits[0] == "0":
            return sign * int(digits[1:], 8)
        return sign * int(digits, 10)
    except ValueError:
        raise PsychError("ArgumentError", f"invalid value for Integer(): {original[:40]!r}") from None


def parse_time(text: str) -> datetime | None:
    """ScalarScanner#parse_time: an aware datetime, or None where Ruby's Time.utc raises.

    A day past the month's end rolls over as Ruby's Time does (2021-02-30 is March 2);
    no zone means UTC.
    """
    pieces = re.split(r"[ tT]", text, maxsplit=1)
    first = re.match(r"^(-?\d{4})-(\d{1,2})-(\d{1,2})", pieces[0])
    clock = re.search(r"(\d+:\d+:\d+)(?:\.(\d*))?\s*(Z|[-+]\d+(:\d\d)?)?", pieces[1] if len(pieces) > 1 else "")
    if first is None or clock is None:
        return None
    year, month, day = (int(x) for x in first.groups())
    hour, minute, second = (int(x) for x in clock.group(1).split(":"))
    fraction = clock.group(2) or ""
    micro = int((fraction + "000000")[:6]) if fraction else 0
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour <= 24 and minute <= 59 and second <= 60) or year < 1:
        return None
    try:
        base = datetime(year, month, 1, tzinfo=UTC)
        moment = base + timedelta(days=day - 1, hours=hour, minutes=minute, seconds=second, microseconds=micro)
    except OverflowError:
        return None
    zone = clock.group(3)
    if zone is None or zone == "Z":
        return moment
    parts = re.match(r"^([+\-]?\d{1,2}):?(\d{1,2})?$", zone)
    if parts is None:
        return None
    hours = int(parts.group(1))
    minutes = int(parts.group(2) or 0)
    offset = hours * 3600 + (-minutes * 60 if hours * 3600 < 0 else minutes * 60)
    try:
        return moment.replace(tzinfo=timezone(timedelta(seconds=offset)))
    except ValueError:
        return None


# --- visitors/to_ruby.rb ------------------------------------------------------------------
_STR_TAGS = ("tag:yaml.org,2002:str", "!str", "!ruby/string")
_DISALLOWED_COLLECTIONS = ("tag:yaml.org,2002:set", "!set", "tag:yaml.org,2002:omap", "!omap")


def _scalar(event: Any) -> Any:
    tag = event.tag
    _plain_implicit, quoted_implicit = event.implicit
    if quoted_implicit:  # quoted or block scalar without a tag: always text
        return event.value
    if tag is None or tag == "!":
        return tokenize(event.value)
    if tag in _STR_TAGS or tag.startswith("!ruby/string"):
        return event.value
    if tag in ("!binary", "tag:yaml.org,2002:binary"):
        try:
            return base64.b64decode(event.value).decode("utf-8", "replace")
        except ValueError:
            return ""
    if tag in ("tag:yaml.org,2002:float", "!float"):
        value = tokenize(event.value)
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise PsychError("TypeError", f"can't convert {value!r:.40} into Float")
        try:
            return float(value)
        except ValueError:
            raise PsychError("ArgumentError", f"invalid value for Float(): {event.value[:40]!r}") from None
    if tag.startswith("!ruby/"):
        raise PsychError("Psych::DisallowedClass", f"the tag {tag[:40]} asks for a Ruby object; safe_load refuses it")
    return tokenize(event.value)


def _line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return None if mark is None else int(mark.line) + 1


def _key(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):  # never repr a container: an alias bomb would expand
        return RubyKey(f"{type(value).__name__}#{id(value)}")
    return RubyKey(f"{type(value).__name__}:{value!r:.200}")


class _Frame:
    __slots__ = ("container", "key", "has_key", "anchor")

    def __init__(self, container: Any, anchor: str | None) -> None:
        self.container = container
        self.key: Any = None
        self.has_key = False
        self.anchor = anchor


def load(text: str) -> Any:
    """`Psych.safe_load(text, permitted_classes: [Date, Time], aliases: true)`.

    Returns None for an empty document; raises PsychError where Psych raises. Only
    the first document is read, as Psych.parse does.
    """
    source = _EventSource(text)
    try:
        return _load(source)
    except yaml.YAMLError as exc:
        # Psych's SyntaxError says "PROBLEM CONTEXT at line L column C" with libyaml's
        # context mark when there is a context (where the quoted scalar, the mapping or
        # the flow sequence began), else the problem's: the line Jekyll's log names.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        message = f"{problem} {context}" if context else str(problem)
        raise PsychError("Psych::SyntaxError", message, None if mark is None else mark.line + 1) from None
    finally:
        source.dispose()


def _load(source: Any) -> Any:
    anchors: dict[str, Any] = {}
    stack: list[_Frame] = []
    result: Any = None
    done = False
    count = 0

    def add(value: Any, event: Any) -> None:
        nonlocal result, done
        if not stack:
            result = value
            done = True
            return
        frame = stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
        elif not frame.has_key:
            frame.key, frame.has_key = value, True
        else:
            _store(frame.container, frame.key, value)
            frame.has_key = False

    while not done and source.check_event():
        event = source.get_event()
        count += 1
        if count > MAX_EVENTS:
            raise PsychError("newsdesk", f"more than {MAX_EVENTS} YAML nodes; not read", _line(event))
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
            if event.anchor:
                anchors[event.anchor] = value
            add(value, event)
        elif isinstance(event, yaml.AliasEvent):
            anchor = event.anchor or ""
            if anchor not in anchors:
                raise PsychError("Psych::BadAlias", f"unknown alias {anchor[:40]!r}", _line(event))
            add(anchors[anchor], event)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            tag = event.tag or ""
            if tag in _DISALLOWED_COLLECTIONS or tag.startswith("!ruby/"):
                raise PsychError("Psych::DisallowedClass", f"the tag {tag[:40]} asks for a Ruby object", _line(event))
            if len(stack) >= MAX_DEPTH:
                raise PsychError("newsdesk", f"YAML nested deeper than {MAX_DEPTH} levels; not read", _line(event))
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            if event.anchor:
                anchors[event.anchor] = container  # registered first, as Psych does: recursion is shared
            stack.append(_Frame(container, event.anchor))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            add(frame.container, event)
        elif isinstance(event, yaml.DocumentEndEvent):
            done = True
    return result


def _store(mapping: dict[Any, Any], key: Any, value: Any) -> None:
    """Psych's revive_hash: `<<` merges a map (or a list of maps) in; later keys win."""
    if key == "<<":
        if isinstance(value, dict):
            mapping.update(value)
            return
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            for item in reversed(value):
                mapping.update(item)
            return
    mapping[_key(key)] = value
