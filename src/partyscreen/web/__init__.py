"""The reviewer web page (issue #7): server-rendered Jinja2 pages under ``/ui``, no JavaScript build step.

Modules: ``session`` (sign-in with a token, session cookie, form tokens),
``routes`` (the pages), ``templates/`` and ``static/`` (CSS and the few lines
of JavaScript that follow a batch job's progress).
"""
