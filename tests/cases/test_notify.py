"""The monitor's summary sent to a webhook and by e-mail: a local HTTP receiver and SMTP sink on loopback."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partyscreen.cases.notify import NotifyError, notify
from partyscreen.cases.settings import MonitorSettings
from partyscreen.cli import app
from partyscreen.store import Store

from workflow_helpers import BASE_ENTRIES, add_version, entity, screen_rows


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take a message: EHLO/HELO, MAIL, RCPT, DATA, QUIT."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        super().__init__(("127.0.0.1", 0), _SmtpHandler)


class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        sink: SmtpSink = self.server  # type: ignore[assignment]
        sender, recipients = "", []
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == "MAIL":
                sender = line.decode().split(":", 1)[1].strip(" <>\r\n")
                self.wfile.write(b"250 ok\r\n")
            elif verb == "RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip(" <>\r\n"))
                self.wfile.write(b"250 ok\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go on\r\n")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                sink.messages.append((sender, recipients, body))
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def receivers() -> Iterator[tuple[SmtpSink, list[dict], str]]:
    posts: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            posts.append({"path": self.path, "type": self.headers["Content-Type"], "json": json.loads(body)})
            self.send_response(204)
            self.end_headers()

    web = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    smtp = SmtpSink()
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (web, smtp)]
    for thread in threads:
        thread.start()
    try:
        yield smtp, posts, f"http://127.0.0.1:{web.server_address[1]}/hooks/screening"
    finally:
        for s in (web, smtp):
            s.shutdown()
            s.server_close()


def test_monitor_sends_its_summary_to_the_webhook_and_by_mail(tmp_path: Path, receivers: tuple[SmtpSink, list[dict], str]) -> None:
    smtp, posts, hook = receivers
    db = str(tmp_path / "n.db")
    store = Store.open(db)
    add_version(store, BASE_ENTRIES, "v1")
    screen_rows(store, [{"id": "c1", "name": "Acme Widgets LLC", "country": "US"},
                        {"id": "c2", "name": "Sugon Information Industry Co., Ltd.", "country": "CN"}], book=True)
    config = tmp_path / "settings.toml"
    config.write_text(
        f'[monitor]\nwebhook_url = "{hook}"\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp.server_address[1]}\n'
        'mail_from = "screening@example.com"\nmail_to = ["compliance@example.com"]\n'
    )
    runner = CliRunner()
    args = ["--db", db, "monitor", "--config", str(config), "--user", "scheduler", "--workers", "1"]
    assert runner.invoke(app, args).exit_code == 0  # the first run takes the lists as new: nothing new to alert
    # A new listing that one book party matches.
    add_version(store, [*BASE_ENTRIES, entity("el3", "Acme Widgets LLC", "EL", countries=["US"])], "v2")
    posts.clear()
    smtp.messages.clear()
    result = runner.invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stdout and "c1" in result.stdout
    [post] = posts
    assert post["path"] == "/hooks/screening" and post["type"].startswith("application/json")
    summary = post["json"]
    assert [(a["party_id"], a["entity_id"]) for a in summary["alerts_opened"]] == [("c1", "test:el3")]
    assert summary["affected_parties"] == ["c1"] and summary["feeds"][0]["added"] == 1
    [(sender, recipients, raw)] = smtp.messages
    mail = message_from_bytes(raw)
    assert sender == "screening@example.com" and recipients == ["compliance@example.com"]
    assert "1 new alerts" in mail["Subject"] and "Acme Widgets LLC" in mail.get_payload(decode=True).decode()
    # Nothing changed: nothing is sent.
    posts.clear()
    assert runner.invoke(app, args).exit_code == 0 and posts == []


def test_a_failed_notification_is_reported_after_trying_every_destination(receivers: tuple[SmtpSink, list[dict], str]) -> None:
    smtp, posts, hook = receivers
    settings = MonitorSettings(webhook_url=hook, smtp_host="127.0.0.1", smtp_port=1, mail_from="a@example.com", mail_to=("b@example.com",), timeout=5)
    with pytest.raises(NotifyError) as caught:
        notify(settings, "subject", "text", {"x": 1})
    assert "e-mail through 127.0.0.1:1" in str(caught.value) and "sent: webhook" in str(caught.value)
    assert posts and posts[0]["json"] == {"x": 1}
