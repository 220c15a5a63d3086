"""Aspirational Blocks Programme dashboard: data model, demo, queries and methods.

Everything in this package is plain Python (no Streamlit) except ``lib.ui``,
the one thin module that wraps these functions for the pages.
"""
