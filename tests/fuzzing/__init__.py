"""Hostile inputs for Lectern's importers, query parser and annotation importers, and the runner that feeds
them through the real code one isolated process per input.

Shared by ``tests/test_fuzz_smoke.py`` (a few dozen inputs per target) and ``benchmarks/fuzz.py`` (a thousand),
so both exercise exactly the same generators. Every input is a pure function of (target, seed, number): a
finding is reproduced from its number alone.
"""
