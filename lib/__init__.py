"""Aspirational Blocks Programme dashboard: data model, demo, queries and methods.

Everything in this package is plain Python (no Streamlit) except the ``lib.ui`` package,
the one thin module that wraps these functions for the pages.
"""
