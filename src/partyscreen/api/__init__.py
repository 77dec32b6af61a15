"""The HTTP service (issue #7): a yente-compatible ``/match`` and partyscreen's own endpoints.

Modules: ``app`` (builds the FastAPI app), ``service`` (the engine a worker
shares: store, screener, settings), ``recording`` (audit records written in
group commits), ``tokens`` (API tokens, hashed), ``auth`` (who is calling and
may they), ``limits`` (request size), ``errors`` (JSON errors, no stack
traces), ``yente`` (request and response shapes of yente), ``entities``
(an entry with its relationships and evasion paths), ``jobs`` (batch jobs),
``schemas`` (request bodies), ``routers/`` (endpoints per area), ``commands``
(``serve`` and ``token`` on the command line).
"""
