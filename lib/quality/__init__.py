"""Data-quality checks on reported values (issue 19, in progress): see :mod:`lib.quality.checks`."""
