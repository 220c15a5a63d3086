"""Composite index and rankings engine.

The index is a pipeline of named steps (see :data:`lib.scoring.engine.STEPS`)
driven by one explicit :class:`RankingParams`. A run keeps its parameters, so
``dataclasses.replace(run.params, ...)`` replays it with one step changed.
"""

from lib.scoring.engine import RankingRun, delta_ranking, rank_units, rank_within
from lib.scoring.matrix import IndicatorMatrix, load_matrix
from lib.scoring.params import RankingParams, official_default

__all__ = [
    "IndicatorMatrix",
    "RankingParams",
    "RankingRun",
    "delta_ranking",
    "load_matrix",
    "official_default",
    "rank_units",
    "rank_within",
]
