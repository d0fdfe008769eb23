"""Benchmarks: run by hand (`python -m tui.bench.<name>`), never part of the test suite."""
