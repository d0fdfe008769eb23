"""Benchmarks (`make bench`, `python -m bench.run`) and the duplicate evaluation.
Never part of the test suite, never installed."""
