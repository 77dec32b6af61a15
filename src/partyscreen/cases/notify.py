"""Sending the monitor's summary: a webhook (JSON POST) and/or e-mail through an SMTP server."""

from __future__ import annotations

import json
import os
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage
from typing import Any

from partyscreen import __version__
from partyscreen.cases.settings import MonitorSettings
from partyscreen.sources.fetch import FetchError, check_url

PASSWORD_ENV = "PARTYSCREEN_SMTP_PASSWORD"


class NotifyError(Exception):
    """A notification could not be delivered; the message says where and why."""


def post_webhook(url: str, payload: dict[str, Any], timeout: float = 30.0) -> int:
    """POST ``payload`` as JSON; returns the HTTP status (2xx), else raises NotifyError."""
    try:
        check_url(url)
    except FetchError as exc:
        raise NotifyError(f"webhook: {exc}") from None
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": f"partyscreen/{__version__} (monitor)",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise NotifyError(f"webhook {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise NotifyError(f"webhook {url}: {getattr(exc, 'reason', exc)}") from None


def send_mail(settings: MonitorSettings, subject: str, text: str) -> None:
    if not settings.mail_from or not settings.mail_to:
        raise NotifyError("e-mail: [monitor] needs mail_from and mail_to beside smtp_host")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.mail_from
    message["To"] = ", ".join(settings.mail_to)
    message.set_content(text)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, os.environ.get(PASSWORD_ENV, ""))
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise NotifyError(f"e-mail through {settings.smtp_host}:{settings.smtp_port}: {exc}") from None


def notify(settings: MonitorSettings, subject: str, text: str, payload: dict[str, Any]) -> list[str]:
    """Send to every configured destination; returns where it went.  All are tried before a failure is raised."""
    sent, failures = [], []
    if settings.webhook_url:
        try:
            post_webhook(settings.webhook_url, payload, settings.timeout)
            sent.append(f"webhook {settings.webhook_url}")
        except NotifyError as exc:
            failures.append(str(exc))
    if settings.smtp_host:
        try:
            send_mail(settings, subject, text)
            sent.append(f"e-mail to {', '.join(settings.mail_to)}")
        except NotifyError as exc:
            failures.append(str(exc))
    if failures:
        raise NotifyError("; ".join(failures) + (f" (sent: {', '.join(sent)})" if sent else ""))
    return sent
