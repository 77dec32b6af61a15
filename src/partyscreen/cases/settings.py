"""The workflow sections of the settings file (the file ``--config`` / ``PARTYSCREEN_CONFIG`` names).

Example TOML::

    [alerts]
    admins = ["carol"]             # who may decide escalated alerts
    [alerts.four_eyes]             # per list code; EL, SDN and DPL are on by default
    UVL = true
    DPL = false

    [audit]
    retention_years = 10           # never below 5 (15 CFR 762.6)
    anchor_file = "/var/lib/partyscreen/anchors.txt"

    [lists]
    max_age_days = 7               # warn when a feed was not confirmed current for longer

    [monitor]
    webhook_url = "https://hooks.example.com/screening"
    smtp_host = "smtp.example.com"
    smtp_port = 587
    smtp_starttls = true
    smtp_user = "screening"        # password from $PARTYSCREEN_SMTP_PASSWORD
    mail_from = "screening@example.com"
    mail_to = ["compliance@example.com"]
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_ENV = "PARTYSCREEN_CONFIG"
#: Lists whose false positives need a second reviewer unless the settings say otherwise.
DEFAULT_FOUR_EYES = {"EL": True, "SDN": True, "DPL": True}
DEFAULT_RETENTION_YEARS = 10
#: The shortest retention the product accepts: the EAR's five years (15 CFR 762.6).
MIN_RETENTION_YEARS = 5
DEFAULT_MAX_AGE_DAYS = 7.0


class SettingsError(ValueError):
    """The settings file has a value the workflow cannot use."""


@dataclass(frozen=True)
class AlertSettings:
    four_eyes: dict[str, bool] = field(default_factory=lambda: dict(DEFAULT_FOUR_EYES))
    admins: tuple[str, ...] = ()

    def needs_second_reviewer(self, list_code: str) -> bool:
        return self.four_eyes.get(list_code, False)


@dataclass(frozen=True)
class AuditSettings:
    retention_years: int = DEFAULT_RETENTION_YEARS
    anchor_file: Path | None = None


@dataclass(frozen=True)
class MonitorSettings:
    webhook_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str = ""
    mail_from: str = ""
    mail_to: tuple[str, ...] = ()
    timeout: float = 30.0


@dataclass(frozen=True)
class WorkflowSettings:
    alerts: AlertSettings = field(default_factory=AlertSettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    max_age_days: float = DEFAULT_MAX_AGE_DAYS
    monitor: MonitorSettings = field(default_factory=MonitorSettings)
    #: ``[lists.sources.NAME]`` tables as written, for ``lists update``.
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> WorkflowSettings:
        """From ``path``, else the file ``PARTYSCREEN_CONFIG`` names, else the defaults."""
        path = path or os.environ.get(CONFIG_ENV)
        if not path:
            return cls()
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
            data = json.loads(text) if file.suffix == ".json" else tomllib.loads(text)
        except (OSError, ValueError) as exc:
            raise SettingsError(f"settings file {file}: {exc}") from None
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> WorkflowSettings:
        alerts = _table(data, "alerts")
        four_eyes = dict(DEFAULT_FOUR_EYES)
        for code, on in _table(alerts, "four_eyes", "alerts").items():
            if not isinstance(on, bool):
                raise SettingsError(f"[alerts.four_eyes] {code}: write true or false")
            four_eyes[str(code)] = on
        admins = alerts.get("admins", [])
        if not isinstance(admins, list) or not all(isinstance(a, str) and a.strip() for a in admins):
            raise SettingsError("[alerts] admins: a list of user names")

        audit = _table(data, "audit")
        years = audit.get("retention_years", DEFAULT_RETENTION_YEARS)
        if not isinstance(years, int) or isinstance(years, bool) or years < MIN_RETENTION_YEARS:
            raise SettingsError(f"[audit] retention_years: a whole number of years, at least {MIN_RETENTION_YEARS}")
        anchor = audit.get("anchor_file")

        lists = _table(data, "lists")
        max_age = lists.get("max_age_days", DEFAULT_MAX_AGE_DAYS)
        if not isinstance(max_age, (int, float)) or isinstance(max_age, bool) or max_age <= 0:
            raise SettingsError("[lists] max_age_days: a positive number of days")
        sources = _table(lists, "sources", "lists")

        mon = _table(data, "monitor")
        mail_to = mon.get("mail_to", [])
        if isinstance(mail_to, str):
            mail_to = [mail_to]
        try:
            monitor = MonitorSettings(
                webhook_url=str(mon.get("webhook_url", "")),
                smtp_host=str(mon.get("smtp_host", "")),
                smtp_port=int(mon.get("smtp_port", 25)),
                smtp_starttls=bool(mon.get("smtp_starttls", False)),
                smtp_user=str(mon.get("smtp_user", "")),
                mail_from=str(mon.get("mail_from", "")),
                mail_to=tuple(str(m) for m in mail_to),
                timeout=float(mon.get("timeout", 30.0)),
            )
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"[monitor]: {exc}") from None
        return cls(
            alerts=AlertSettings(four_eyes=four_eyes, admins=tuple(a.strip() for a in admins)),
            audit=AuditSettings(retention_years=years, anchor_file=Path(anchor).expanduser() if anchor else None),
            max_age_days=float(max_age),
            monitor=monitor,
            sources={str(k): v for k, v in sources.items()},
        )


def _table(data: dict[str, Any], key: str, parent: str = "") -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise SettingsError(f"[{parent + '.' if parent else ''}{key}] must be a table")
    return value
