"""The relationship graph: who owns, controls, renamed, succeeded or shares an address with whom.

Data flow: importers (``sources/relations_csv.py``, ``sources/gleif.py``, ``sources/ftm.py``) store
:class:`~partyscreen.model.Relation` records as list versions; :mod:`.build` turns the versions in force into a
:class:`~partyscreen.graph.structure.Graph` stored as an artifact; :mod:`.follow` lets screening start from the
graph's unlisted parties, :mod:`.paths` finds the way to listed parties, :mod:`.ownership` applies the 50% rules
and :mod:`.consequences` says what a path means, from the tables in ``graph/data/`` (:mod:`.tables`).
"""
