"""Load every story of a folder into the Store, as the dashboard does, and exit.

    python -m bench.bench_store ROOT [--no-cache]

Not a target of its own: it shows what `newsdesk check` leaves out (building every
story object and the store's indexes), next to the check figures.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from tui.core.disk import folder
    from tui.core.store.store import Store

    if "--no-cache" in args:
        folder.use_cache = False
    store = Store(args[0])
    store.load()
    print(len(store))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
