"""Interface text in English and Hindi.

Text is written in English in the code, as a template (``"{rank} of {ranked}"``), and passed through
:func:`tr` with the language; :data:`lib.i18n.hindi.HINDI` holds the Hindi of each template. Numbers
stay in international digits in both languages; dates are written ``2026-12-06``. A template with
no Hindi is shown in English (a test checks that every template given to ``tr`` as a literal has
its Hindi). KPI names come from the catalogue's ``short_name_hi`` and ``name_hi`` columns.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.i18n.hindi import HINDI

LANGUAGES = {"en": "English", "hi": "हिन्दी"}
DEFAULT_LANGUAGE = "en"


def check_language(lang: str) -> str:
    """``lang`` if it is a supported language code; ``ValueError`` naming the choices otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {', '.join(LANGUAGES)}")
    return lang


def tr(lang: str, template: str, /, **values) -> str:
    """``template`` (English) in ``lang``, with ``values`` filled in.

    Examples
    --------
    >>> tr("hi", "{rank} of {ranked}", rank=12, ranked=497)
    '497 में 12'
    >>> tr("en", "{rank} of {ranked}", rank=12, ranked=497)
    '12 of 497'
    """
    if check_language(lang) != "en":
        template = HINDI.get(template, template)
    return template.format(**values) if values else template


def day(value: date | pd.Timestamp) -> str:
    """A date as every language writes it here: ``2026-12-06``."""
    return f"{value:%Y-%m-%d}"


def indicator_names(catalogue: pd.DataFrame, lang: str, column: str = "short_name") -> pd.Series:
    """Each indicator's name (``short_name`` or ``name``) in ``lang``, indexed by ``indicator_id``;
    the English name stands in where the catalogue has no Hindi one.

    Examples
    --------
    >>> catalogue = pd.DataFrame({"indicator_id": ["a", "b"], "short_name": ["ANC", "SAM"],
    ...                           "short_name_hi": ["प्रसवपूर्व जांच", None]})
    >>> indicator_names(catalogue, "hi").tolist()
    ['प्रसवपूर्व जांच', 'SAM']
    """
    english = catalogue.set_index("indicator_id")[column].astype(str)
    hindi_column = f"{column}_hi"
    if check_language(lang) == "en" or hindi_column not in catalogue.columns:
        return english
    hindi = catalogue.set_index("indicator_id")[hindi_column]
    return hindi.where(hindi.notna() & hindi.astype(str).str.strip().ne(""), english).astype(str)
