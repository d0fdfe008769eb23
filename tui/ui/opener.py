"""Open a URL in the editor's browser and say honestly whether it worked.

`webbrowser.open` answers True as soon as it has started a launcher such as
`xdg-open`, which may then fail ("no method available for opening") with nobody
told. Here a command-line opener (`xdg-open`, `$BROWSER`, `gio`…) is run and
waited for a few seconds: a non-zero exit is a failure, with the last line it
wrote to stderr; one still running after the wait is a browser that started (a
browser started fresh keeps its launcher). Other browsers (macOS, Windows) go
through `webbrowser`, whose False is a failure. Called from a thread: never on the
UI thread, as a launcher can take seconds.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import webbrowser

from tui.core.format.literal import cut, one_line

WAIT = 5.0  # seconds an opener may take to fail before it counts as a started browser
REASON_CHARS = 160


def open_url(url: str, wait: float = WAIT) -> str | None:
    """Open `url` (already checked to be http or https); None if it opened, else why not."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "no browser found (set $BROWSER)"
    if isinstance(browser, webbrowser.GenericBrowser):
        return _run([browser.name, *(arg.replace("%s", url) for arg in browser.args)], url, wait)
    try:
        opened = browser.open(url, new=2)
    except Exception as exc:  # a browser module's own failure, said as such
        return cut(one_line(f"{type(exc).__name__}: {exc}"), REASON_CHARS)
    return None if opened else f"{getattr(browser, 'name', 'the browser')} did not start"


def _run(argv: list[str], url: str, wait: float) -> str | None:
    """The opener's verdict; its complaint said in its own words, named once
    (`xdg-open: no method available for opening the URL`), the URL shown apart."""
    name = os.path.basename(argv[0]) or argv[0]
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                start_new_session=True,  # its own session: a ctrl+c in the desk's terminal never reaches the browser
            )
        except OSError as exc:
            return cut(one_line(f"{name}: {exc.strerror or exc}"), REASON_CHARS)
        try:
            code = process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            return None  # still running: a browser started in the foreground of its launcher
        if code == 0:
            return None
        errors.seek(0)
        lines = [line for line in errors.read(8192).decode("utf-8", "replace").splitlines() if line.strip()]
        said = lines[-1].strip() if lines else f"exited with status {code}"
        said = said.replace(f"'{url}'", "the URL").replace(f'"{url}"', "the URL").replace(url, "the URL")
        return cut(one_line(said if said.startswith(f"{name}:") else f"{name}: {said}"), REASON_CHARS)
