"""Benchmark of the Integriteitsportaal: build and check cost against plain Material, at scale.

`make bench` (or `python -m bench`) generates synthetic policy sets, builds
them with the portal and with plain Material, and writes the results into
docs/over/prestaties.md.
"""
