"""Text that comes from data or from a link, made safe to show where Streamlit renders Markdown.

Streamlit's ``st.info``, ``st.warning``, ``st.caption``, ``st.subheader`` and
``st.markdown`` read their text as Markdown (with Streamlit's own additions:
``:material/icon:``, ``:red[...]``, ``$...$``). A block, KPI, cohort or file
name, or a value from the URL, shown that way could become a link, an image
the browser fetches, or formatting. :func:`md` backslash-escapes every
character Markdown gives a meaning, so the text shows exactly as written.
"""

from __future__ import annotations

import re

# What can turn plain text into a link, an image, HTML or formatting: brackets (links, images, Streamlit's
# ':color[...]'), angle brackets (autolinks, HTML), emphasis and code marks, '$' (LaTeX), '|' and '~'.
# Punctuation that only matters at the start of a line ('#', '-', '1.') or after brackets ('(') is left
# alone, so ordinary sentences read the same in the source as on screen.
_SYNTAX = re.compile(r"([\\`*_\[\]<>$|~])")
# GFM turns bare addresses into links: break 'https://' and 'www.' without changing what is shown.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])://|\bwww\.")


def md(text) -> str:
    """``text`` with Markdown syntax escaped, for a Markdown-rendering element.

    Examples
    --------
    >>> print(md("[Click here](https://evil.example/login) ![x](http://host/x.png)"))
    \\[Click here\\](https:\\/\\/evil.example/login) !\\[x\\](http:\\/\\/host/x.png)
    >>> md("Gaya Block 3 (Bihar), 12.5%")
    'Gaya Block 3 (Bihar), 12.5%'
    """
    escaped = _SYNTAX.sub(r"\\\1", str(text))
    return _AUTOLINK.sub(lambda m: ":\\/\\/" if m.group(0).startswith(":") else m.group(0)[:3] + "\\.", escaped)
