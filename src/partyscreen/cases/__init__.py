"""The compliance workflow around screening.

Modules: ``settings`` (the workflow sections of the settings file), ``users``
(who is acting), ``audit`` (the hash-chained audit trail: append, verify,
anchor, purge), ``book`` (the counterparty book), ``alerts`` (alert states,
four-eyes, reviewer decisions), ``memory`` (remembered false positives),
``recording`` (what every screening writes: audit record, alerts, memory
marks), ``monitor`` (re-screening the book when lists change), ``notify``
(webhook and e-mail), ``report`` (printable HTML: one party's record, audit
export), ``commands`` (the command line).
"""
