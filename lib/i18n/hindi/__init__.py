"""Hindi for the interface's English templates (see :mod:`lib.i18n`), one module per part of the app.

Terms follow NITI Aayog's Hindi usage where it has one (see :mod:`lib.i18n.hindi.shared`). A template
used by two parts is written once; two modules giving one template different Hindi is an error.
"""

from lib.i18n.hindi import admin, evaluation, maps, shared, what_if


def _merged(*parts: dict) -> dict:
    merged: dict = {}
    for part in parts:
        for english, hindi in part.items():
            if merged.setdefault(english, hindi) != hindi:
                raise ValueError(f"two Hindi texts for the template {english!r}")
    return merged


HINDI = _merged(shared.HINDI, maps.HINDI, what_if.HINDI, evaluation.HINDI, admin.HINDI)
