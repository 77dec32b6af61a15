"""What a hit means for a transaction: block, licence required, red flag, review or clear."""

from partyscreen.decide.levels import DECISIONS, Decision, most_severe, severity

__all__ = ["DECISIONS", "Decision", "most_severe", "severity"]
