"""Small rules of the desk's English, in one place so every message follows them.

`counted(1, "story")` is "1 story", `counted(2, "story")` "2 stories": messages that
wrote f"{n} stories" said "1 stories" (the graph's header, the palette, a discard).
`quoted` puts a label in curly quotes, turning the quotes it already holds into
single ones: "Cannot undo “Published “Why…””" read as two quotations.
"""

from __future__ import annotations

_PLURALS = {"story": "stories", "copy": "copies", "entry": "entries", "duplicate": "duplicates"}


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 story`, `2 stories`, `1,204 files` (a noun the table lacks takes an s)."""
    many = plural or _PLURALS.get(noun, noun + "s")
    return f"{count:,} {noun if count == 1 else many}"


def quoted(label: str) -> str:
    """“label”, its own “ ” turned into ‘ ’ so quotes never nest the same way."""
    return "“" + label.replace("“", "‘").replace("”", "’") + "”"


def check_summary(stories: int, bad_files: int, errors: int, warnings: int) -> str:
    """`check`'s last line: "6 stories, 1 problem (1 error, 1 warning)"."""
    problems = f"{counted(bad_files, 'problem')} ({counted(errors, 'error')}, {counted(warnings, 'warning')})"
    return f"{counted(stories, 'story')}, {problems}"
