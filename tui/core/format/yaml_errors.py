"""Where a YAML error is for the editor who has to fix it, and what it says.

The loader reports where it gave up (`problem_mark`). For a quote left open that is
rarely where the fault is: a quoted scalar may run over lines, so the scanner reads on
to the end of the front matter ("while scanning a quoted scalar, found unexpected end
of stream", the last line) or to the next quote, which closes it, and the parser then
stumbles over the rest of that later line. The problems screen showed that line, and
an editor looked for a fault there. Both cases are told by the loader's own marks:

- an unterminated quote: the scanner's `context_mark` is where the quoted scalar opens;
- a quote closed by another value's opening quote: the parser's `problem_mark` is a
  token on the same line as the end of a quoted scalar that began on an earlier line
  (real story files never fold a quoted value over lines, and a value written that
  way and closed properly ends its line). The tokens are read again up to the error,
  only for a file that failed, so no load pays for it.
"""

from __future__ import annotations

from typing import Any

import yaml

from tui.core.format.literal import cut

QUOTED_SCALAR = "while scanning a quoted scalar"


def located(exc: yaml.YAMLError, fm: str, loader: type[Any], first_line: int = 0) -> tuple[int | None, str]:
    """(1-based line in the file, or None; the message) for a loader's error on `fm`,
    the front matter whose first line is the file's line `first_line` (0-based).

    `loader`: the loader class that failed, to read the tokens again with it."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = cut(f"{context}, {problem}" if context else str(problem), 300)  # it may quote an anchor's name
    mark = problem_mark or context_mark
    line = None if mark is None else int(mark.line)
    if context == QUOTED_SCALAR and context_mark is not None:
        line = int(context_mark.line)
        if problem_mark is not None and int(problem_mark.line) != line:
            end = first_line + int(problem_mark.line) + 1
            message = f"a quote opened on this line is never closed ({message} on line {end})"
    elif isinstance(exc, yaml.parser.ParserError) and problem_mark is not None:
        start = _quote_ending_on(fm, int(problem_mark.index), int(problem_mark.line), loader)
        if start is not None:
            end = first_line + int(problem_mark.line) + 1
            message = f"a quoted value opened on this line runs on to line {end}: a closing quote missing? ({message})"
            line = start
    return (None if line is None else first_line + line + 1), f"bad YAML: {message}"


def _quote_ending_on(fm: str, index: int, line: int, loader: type[Any]) -> int | None:
    """The 0-based line where a quoted scalar opens, when it began on an earlier line and
    ended on line `line` before `index` (the token the parser refused); else None."""
    reader = loader(fm)
    last: Any = None
    try:
        while True:
            token = reader.get_token()
            if token is None or int(token.start_mark.index) >= index:
                break
            last = token
    except yaml.YAMLError:
        return None
    finally:
        reader.dispose()
    if not isinstance(last, yaml.ScalarToken) or last.style not in ("'", '"'):
        return None
    start, end = int(last.start_mark.line), int(last.end_mark.line)
    return start if start < end == line else None
