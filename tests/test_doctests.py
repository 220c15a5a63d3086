"""The examples in lib's docstrings run and give what they show (lib.ui needs Streamlit's runtime: skipped)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import lib

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(lib.__path__, "lib.")
    if not name.startswith("lib.ui") and name != "lib.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
