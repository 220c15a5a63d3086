"""Matching the indicator names in a user's file to the catalogue, and guarded suggestions.

An indicator is matched by its id, name, short name, official name (the name
NITI's ABP dashboard prints) or any alias, after normalising what these names
vary in: case, punctuation and dashes, numbering ("8. "), footnote digits,
"(%)", a leading "Percentage of"/"% of", a trailing "in the block",
"&"/"and" and "persons"/"person". Two catalogue indicators whose names
normalise alike would make a file's name mean either: that is a catalogue
error, reported, never settled by taking the first.

A name that matches nothing may get a *suggestion*, never applied unless a
person accepts it. Catalogue indicators come in near-identical families
(boys/girls, Class X/XII, SAM/MAM, live/connected BharatNet), where a plain
fuzzy match happily pairs "girls" with the boys' indicator. So a suggestion,
the closest catalogue name, is offered only when

(a) the file's name and it agree on every contrast group below (which of
    boys/girls, which school transition, ...);
(b) for each other indicator nearly as close that (a) does not rule out, the
    file's name holds a word only the suggestion's names have and none that
    only the other's have ("Live BharatNet" against "GPs on BharatNet");
(c) every word of the file's name is one of the suggestion's, or a spelling of
    one: NFHS-5 puts "overweight" beside "wasted" and "births in public
    facility" beside "institutional births", and neither is the other.

Misspellings are tolerated word by word (see ``_same_word``), never by a
similarity score alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel

from lib.errors import InputError, Problem

# Where names come from, in the order that labels how a name matched when one indicator's
# names normalise alike (its id and its short name, say).
NAME_FIELDS = (
    ("indicator_id", "id"),
    ("official_name", "official_name"),
    ("name", "name"),
    ("short_name", "short_name"),
    ("aliases", "alias"),
)
RESULT_COLUMNS = ["indicator", "indicator_id", "matched_by", "suggestion_id", "suggestion"]
# rapidfuzz token_ratio, 0-100: word order and extra words ('Transition rate - girls transitioned from ...')
# cost little, so near-identical families score alike and the guards below decide. WRatio's partial
# matching scored unrelated long names 86, which made the wrong indicator the "nearest other".
SUGGESTION_CUTOFF = 80
# Another indicator scoring this much is a rival the file's name must be told apart from (rule b); below
# it the name does not resemble it ('Hypertension' is nothing like 'GPs on BharatNet', its next best).
RIVAL_CUTOFF = 60
# A word of this length or more this few edits from another is a misspelling of it ('hypertention',
# 'diabetis'); shorter words (boys, sam, live) must be spelt exactly, as one changed letter makes another word.
# Edits, not a ratio: 'nutrition' is 86% like 'malnutrition' but a different word (see _same_word).
FUZZY_WORD_LENGTH = 7
MAX_EDITS = 1
MAX_ENDING = 3  # 'transition'/'transitioned', 'child'/'children'; not 'water'/'watershed'
WORD_FORMS = {"persons": "person", "people": "person"}
# Words that never tell two indicators apart, left out when comparing them.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "to",
        "from",
        "with",
        "and",
        "or",
        "against",
        "under",
        "among",
        "per",
        "who",
        "which",
        "that",
        "as",
        "is",
        "are",
        "be",
        "percentage",
        "percent",
        "rate",
    ]
)


@dataclass(frozen=True)
class ContrastGroup:
    """Words that tell otherwise alike catalogue indicators apart: a file's name and a suggested
    indicator must name the same value of the group (or neither names any)."""

    name: str
    terms: dict[str, str]  # value -> regular expression over a normalised name
    ordered: bool = False  # the values in order of appearance are the feature (from one level to another)


CONTRAST_GROUPS = (
    ContrastGroup("sex", {"boys": r"boys?|male", "girls": r"girls?|female"}),
    # One regex, longest alternative first, so "higher secondary" is not also read as "secondary";
    # "up" only counts when a secondary level follows, as in the short name "UP-Sec".
    ContrastGroup(
        "school levels",
        {
            "higher_secondary": r"higher secondary|senior secondary|hs",
            "upper_primary": r"upper primary|up(?= (?:to )?sec)",
            "secondary": r"secondary|sec",
            "primary": r"primary",
            "elementary": r"elementary",
        },
        ordered=True,
    ),
    ContrastGroup(
        "class", {"class_x": r"class x|class 10|class 10th|10th", "class_xii": r"class xii|class 12|class 12th|12th"}
    ),
    ContrastGroup("connectivity", {"live": r"live", "connected": r"connected"}),
    ContrastGroup("malnutrition", {"sam": r"sam|severe|severely", "mam": r"mam|moderate|moderately"}),
    ContrastGroup("screening", {"hypertension": r"hypertension|hypertensive", "diabetes": r"diabetes|diabetic"}),
    ContrastGroup("beneficiary", {"pregnant_women": r"pregnant women|pregnant|pw", "children": r"children|child"}),
    ContrastGroup("facility", {"toilets": r"toilets?", "drinking_water": r"drinking water"}),
)
# One regex per group; a match's group name is the value it names.
_PATTERNS = {
    group.name: re.compile(
        r"\b(?:" + "|".join(f"(?P<{value}>{terms})" for value, terms in group.terms.items()) + r")\b"
    )
    for group in CONTRAST_GROUPS
}


def normalise_indicator(text) -> str:
    """Indicator name without what official names and files vary in.

    Case, punctuation and dashes, numbering, footnote digits glued to a word,
    "(%)", a leading "Percentage of" or "% of", a trailing "in/of the block",
    "&" for "and", and "persons" for "person".

    Examples
    --------
    >>> normalise_indicator("8. Population living in households with an improved drinking-water source1 (%)")
    'population living in households with an improved drinking water source'
    >>> normalise_indicator("% of Persons screened for Hypertension & Diabetes in the block")
    'person screened for hypertension and diabetes'
    """
    text = re.sub(r"^\s*\d+[a-z]?\s*[.)]\s*", "", str(text).lower())
    text = re.sub(r"(?<=[a-z)])\d+\b", "", text)  # footnote markers glued to a word: 'source1'
    text = re.sub(r"\((%|percent|per cent)\)", " ", text)
    text = re.sub(r"^\s*(percentage|per\s?cent|%)\s+of\b", " ", text)
    text = re.sub(r"[^0-9a-z]+", " ", text.replace("&", " and ")).strip()
    text = re.sub(r"\s+(in|of)( the)? block$", "", text)
    return " ".join(WORD_FORMS.get(word, word) for word in text.split())


def _catalogue_names(catalogue: pd.DataFrame) -> Iterator[tuple[str, str, str]]:
    """(indicator_id, field it came from, name) for every name of every indicator; aliases split on '|'."""
    for record in catalogue.to_dict("records"):
        for column, field_name in NAME_FIELDS:
            value = record.get(column)
            if value is None or pd.isna(value):
                continue
            for name in str(value).split("|") if column == "aliases" else [str(value)]:
                if name.strip():
                    yield record["indicator_id"], field_name, name.strip()


def name_clashes(catalogue: pd.DataFrame) -> list[Problem]:
    """Names of two catalogue indicators that normalise alike, so a file's name could mean either.

    Examples
    --------
    >>> catalogue = pd.DataFrame({"indicator_id": ["sam", "mam"], "name": ["SAM children", "MAM children"],
    ...                           "short_name": ["SAM", "MAM"], "aliases": [None, "sam-children"]})
    >>> [p.message.split(" once")[0] for p in name_clashes(catalogue)]
    ["alias 'sam-children' of mam reads the same as name 'SAM children' of sam"]
    """
    owners: dict[str, tuple[str, str, str]] = {}
    problems = []
    for indicator_id, field_name, name in _catalogue_names(catalogue):
        key = normalise_indicator(name)
        owner = owners.setdefault(key, (indicator_id, field_name, name))
        if owner[0] != indicator_id:
            problems.append(
                Problem(
                    "indicator catalogue",
                    None,
                    field_name,
                    (
                        f"{field_name.replace('_', ' ')} '{name}' of {indicator_id} reads the same as "
                        f"{owner[1].replace('_', ' ')} '{owner[2]}' of {owner[0]} once case, punctuation and numbering "
                        "are ignored, so a file's name could mean either; make them differ in the catalogue file and "
                        "import it again"
                    ),
                )
            )
    return problems


def _words(key: str) -> frozenset[str]:
    """The words of a normalised name that may tell it from another, contrast terms spelt one way."""
    return frozenset(_canonical(key).split()) - STOPWORDS


def _canonical(key: str) -> str:
    """``key`` with each contrast term written as its value ('up sec hs' -> 'upper_primary secondary
    higher_secondary'), so that a short name's abbreviations compare equal to a full name's words."""
    for pattern in _PATTERNS.values():
        key = pattern.sub(lambda match: match.lastgroup, key)
    return key


def _has_word(word: str, words: Iterable[str]) -> bool:
    """Is ``word`` among ``words``, in another form ('transitioned', 'acutely') or misspelt ('hypertention')?"""
    return word in words or any(_same_word(word, other) for other in words)


def _same_word(word: str, other: str) -> bool:
    """Two spellings of one word: a plural, an ending ('transitioned', 'acutely'), a letter dropped from a
    word of six or more ('aganst', 'taret'), or in words of seven or more a letter changed or two swapped
    ('hypertention', 'childern'). Not 'weight'/'height': a changed letter in a short word is another word."""
    if not (word.isalpha() and other.isalpha()):
        return False
    short, long = sorted((word, other), key=len)
    if long in (short + "s", short + "es"):
        return True
    if len(short) >= 5 and long.startswith(short) and len(long) - len(short) <= MAX_ENDING:
        return True
    if len(long) >= 6 and Indel.distance(short, long, score_cutoff=1) <= 1:
        return True
    return len(short) >= FUZZY_WORD_LENGTH and OSA.distance(word, other, score_cutoff=MAX_EDITS) <= MAX_EDITS


@functools.lru_cache(maxsize=4096)  # every catalogue name is read again for each name a file lacks
def contrast_features(key: str) -> tuple[tuple[str, ...], ...]:
    """For each contrast group, the values a normalised name names (in order, for an ordered group).

    Examples
    --------
    >>> contrast_features("transition rate from upper primary to secondary level girls")[:2]
    (('girls',), ('upper_primary', 'secondary'))
    >>> contrast_features("transition sec hs boys")[:2]
    (('boys',), ('secondary', 'higher_secondary'))
    """
    return tuple(_group_feature(group, key) for group in CONTRAST_GROUPS)


def _group_feature(group: ContrastGroup, key: str) -> tuple[str, ...]:
    found = [match.lastgroup for match in _PATTERNS[group.name].finditer(key)]
    if group.ordered:
        return tuple(value for i, value in enumerate(found) if i == 0 or found[i - 1] != value)
    # a misspelt long term ('hypertention') still names its value, so the guard is not dodged by a typo
    words = key.split()
    found += [
        value
        for value, terms in group.terms.items()
        for term in terms.split("|")
        if term.isalpha() and _has_word(term, words)
    ]
    return tuple(sorted(set(found)))


@dataclass(frozen=True)
class IndicatorNames:
    """Every name the catalogue knows each indicator by, normalised: what a file's names are matched with.

    Build it with :meth:`from_catalogue`, which refuses a catalogue whose names clash.
    """

    keys: dict[str, tuple[str, str]]  # normalised name -> (indicator_id, field it came from)
    labels: dict[str, str]  # indicator_id -> its official name, else its name: what messages show

    @classmethod
    def from_catalogue(cls, catalogue: pd.DataFrame) -> IndicatorNames:
        """The names of ``catalogue`` (indicator_id, name, short_name and, when present, official_name
        and aliases); raises :class:`InputError` when two indicators' names normalise alike.

        Examples
        --------
        >>> catalogue = pd.DataFrame({"indicator_id": ["gp_bharatnet_live"], "name": ["GPs with live BharatNet"],
        ...                           "short_name": ["Live BharatNet"], "official_name": [None],
        ...                           "aliases": ["BharatNet - live GPs|Live GPs"]})
        >>> IndicatorNames.from_catalogue(catalogue).match("LIVE  bharatnet (%)")
        ('gp_bharatnet_live', 'short_name')
        """
        clashes = name_clashes(catalogue)
        if clashes:
            raise InputError(clashes)
        keys: dict[str, tuple[str, str]] = {}
        for indicator_id, field_name, name in _catalogue_names(catalogue):
            keys.setdefault(normalise_indicator(name), (indicator_id, field_name))
        official = catalogue.get("official_name", pd.Series(None, index=catalogue.index))
        labels = {
            row_id: (str(label) if pd.notna(label) and str(label).strip() else str(name))
            for row_id, label, name in zip(catalogue.indicator_id, official, catalogue.name, strict=True)
        }
        return cls(keys, labels)

    def match(self, text) -> tuple[str, str] | None:
        """``(indicator_id, matched_by)`` for a name the catalogue has, after normalising; else None."""
        return self.keys.get(normalise_indicator(text))

    def suggest(self, text) -> str | None:
        """The indicator id a name that matches nothing most likely means, when the guards allow one.

        Examples
        --------
        >>> catalogue = pd.DataFrame({"indicator_id": ["tr_boys", "tr_girls"],
        ...     "name": ["Transition rate from upper primary to secondary level (boys)",
        ...              "Transition rate from upper primary to secondary level (girls)"],
        ...     "short_name": ["Transition UP-Sec (boys)", "Transition UP-Sec (girls)"]})
        >>> names = IndicatorNames.from_catalogue(catalogue)
        >>> names.suggest("Transition rate - girls transitioned from upper primary to secondary")
        'tr_girls'
        >>> names.suggest("Transition rate from upper primary to secondary") is None
        True
        """
        key = normalise_indicator(text)
        if not key or key in self.keys:
            return None
        features = contrast_features(key)
        # plain edit similarity breaks ties: 'live bharatnet' is as much a subset of each name of that indicator
        scored = sorted(
            ((fuzz.token_ratio(key, name), fuzz.ratio(key, name), name) for name in self.keys), reverse=True
        )
        best = next(
            (name for score, _, name in scored if score >= SUGGESTION_CUTOFF and contrast_features(name) == features),
            None,
        )  # (a)
        if best is None:
            return None
        best_id = self.keys[best][0]
        words = self._words_of(best_id)
        # (c) every word of the file's name is one of the suggestion's (or a spelling of one); a word it
        # lacks makes another indicator: 'overweight' is not 'wasted', 'in public facility' narrows 'births'
        vocabulary = words | STOPWORDS | {word for name in self._names_of(best_id) for word in name.split()}
        if not all(_has_word(word, vocabulary) for word in _words(key)):
            return None
        rivals = self._rivals(scored, features, best_id)
        return best_id if all(_tells_apart(key, words, self._words_of(rival)) for rival in rivals) else None

    def _rivals(self, scored: list[tuple], features: tuple, best_id: str) -> set[str]:
        """Other indicators with a name nearly as close to the file's as the suggestion, and not already
        ruled out by the contrast groups (a name naming another value of a group the file's name names)."""
        return {
            self.keys[name][0]
            for score, _, name in scored
            if score >= RIVAL_CUTOFF and not _contradicts(features, contrast_features(name))
        } - {best_id}

    def _names_of(self, indicator_id: str) -> list[str]:
        return [key for key, (owner, _) in self.keys.items() if owner == indicator_id]

    def _words_of(self, indicator_id: str) -> frozenset[str]:
        return frozenset().union(*(_words(key) for key in self._names_of(indicator_id)))


def _contradicts(features: tuple, other: tuple) -> bool:
    """Do two names name different values of some contrast group (not merely one silent on it)?"""
    return any(mine and theirs and mine != theirs for mine, theirs in zip(features, other, strict=True))


def _tells_apart(key: str, words: frozenset[str], rival_words: frozenset[str]) -> bool:
    """Rule (b): does the file's name ``key`` side with the suggestion where it differs from a rival?
    ``words`` and ``rival_words`` are the words of all names of each. The file's name must hold a word
    only the suggestion's names have (the contrast word, for siblings such as live/connected BharatNet)
    and none that only the rival's have.

    Examples
    --------
    >>> live, connected = frozenset({"gps", "live", "bharatnet"}), frozenset({"gps", "connected", "bharatnet"})
    >>> _tells_apart("live bharatnet", live, connected), _tells_apart("bharatnet", live, connected)
    (True, False)
    """
    # a word one side spells slightly differently ('teacher', 'teachers') is shared, not a difference
    own = [word for word in words - rival_words if not _has_word(word, rival_words)]
    theirs = [word for word in rival_words - words if not _has_word(word, words)]
    text_words = _words(key)
    return any(_has_word(word, text_words) for word in own) and not any(_has_word(word, text_words) for word in theirs)


def match_indicators(names: IndicatorNames, texts: Iterable, overrides: dict | None = None) -> pd.DataFrame:
    """Match each distinct indicator name in a file, with a suggestion for those that match nothing.

    Parameters
    ----------
    names : IndicatorNames
        The catalogue's names.
    texts : iterable
        The file's indicator names (a column, or the headers of a wide table); repeats are matched once.
    overrides : dict, optional
        File name -> indicator id a person accepted (compared after normalising, so a case variant of an
        accepted name is accepted too). Applied only to names that match nothing by themselves.

    Returns
    -------
    pandas.DataFrame
        One row per distinct name: ``indicator`` (the file's text), ``indicator_id`` (None when unknown),
        ``matched_by`` (id, official_name, name, short_name, alias, confirmed or None), ``suggestion_id``
        and ``suggestion`` (the suggested indicator's official or catalogue name; None when no guarded
        suggestion exists or the name matched by itself).

    Examples
    --------
    >>> catalogue = pd.DataFrame({"indicator_id": ["sam_children", "mam_children"],
    ...                           "name": ["Children with SAM", "Children with MAM"], "short_name": ["SAM", "MAM"]})
    >>> names = IndicatorNames.from_catalogue(catalogue)
    >>> found = match_indicators(names, ["sam", "Childern with SAM", "Childern with SAM"])
    >>> found[["indicator", "indicator_id", "matched_by", "suggestion_id"]].values.tolist()
    [['sam', 'sam_children', 'short_name', None], ['Childern with SAM', None, None, 'sam_children']]
    """
    accepted = {normalise_indicator(text): indicator_id for text, indicator_id in (overrides or {}).items()}
    unknown = sorted(set(accepted.values()) - set(names.labels))
    if unknown:
        raise ValueError(
            f"accepted indicator id(s) {', '.join(map(str, unknown))} are not in the catalogue; check again"
        )
    rows = [_match_one(names, text, accepted) for text in dict.fromkeys(str(t) for t in texts)]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS, dtype=object)


def _match_one(names: IndicatorNames, text: str, accepted: dict) -> list:
    found = names.match(text)
    if found is not None:
        return [text, *found, None, None]
    suggestion_id = names.suggest(text)
    suggestion = names.labels[suggestion_id] if suggestion_id else None
    confirmed = accepted.get(normalise_indicator(text))
    return [text, confirmed, "confirmed" if confirmed else None, suggestion_id, suggestion]


def suggestion_overrides(found: pd.DataFrame) -> dict:
    """Every guarded suggestion as an accepted override (``--accept-indicator-suggestions``), except one
    naming an indicator another name in the file already matches or is also suggested for: a second
    name for one indicator is more likely another indicator, so it stays unmatched and reported.

    Examples
    --------
    >>> found = pd.DataFrame({"indicator": ["SAM", "Childern with SAM", "Hypertention", "Diabetis"],
    ...                       "indicator_id": ["sam", None, None, None], "suggestion_id": [None, "sam", "htn", "dm"]})
    >>> suggestion_overrides(found)
    {'Hypertention': 'htn', 'Diabetis': 'dm'}
    """
    picked = found[found.indicator_id.isna() & found.suggestion_id.notna()]
    picked = picked.assign(key=picked.indicator.map(normalise_indicator)).drop_duplicates(["key", "suggestion_id"])
    claimed = pd.concat([found.indicator_id.dropna().drop_duplicates(), picked.suggestion_id])
    contested = claimed[claimed.duplicated(keep=False)]
    picked = picked[~picked.suggestion_id.isin(contested)]
    return dict(zip(picked.indicator, picked.suggestion_id, strict=True))
