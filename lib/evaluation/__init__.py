"""Pilot vs non-pilot evaluation: cohorts, comparison pools, matching,
difference-in-differences estimators and plain-language reporting.

``service.evaluate`` is the one entry point the page and the CLI share.
"""
