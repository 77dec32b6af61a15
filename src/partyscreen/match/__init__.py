"""Matching: candidate retrieval, explainable scoring, screening."""

from partyscreen.match.algorithm import ALGORITHM
from partyscreen.match.pairs import score_pair
from partyscreen.match.query import Query
from partyscreen.match.result import Hit, ScreenResult
from partyscreen.match.screener import Screener, build_index, load_index
from partyscreen.match.thresholds import Thresholds

__all__ = ["ALGORITHM", "Hit", "Query", "ScreenResult", "Screener", "Thresholds", "build_index", "load_index", "score_pair"]
