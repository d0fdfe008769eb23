"""The UI-free core: codec, store, search, duplicates and graph. Never imports textual."""
