"""The UI-free core, in layers: `model` at the bottom, then `format`, `disk`, `store`,
and `dupes` / `graph` on top. Never imports textual (import-linter holds it)."""
