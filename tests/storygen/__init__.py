"""Generated story folders for tests, benchmarks and screenshots (never shipped).

`python -m tests.storygen.generate DIR N` writes a realistic folder with planted
copies and traps; the ground truth lies beside it for `bench/eval_dupes.py`.
"""
