"""A real SMTP server on loopback for the reminder tests: aiosmtpd with STARTTLS
(a throwaway certificate made with openssl) and a login, recording what arrives."""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "portaal", "geheim-wachtwoord"


@dataclass
class Received:
    """One message as the server got it."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    login: str | None


@dataclass
class Recorder:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        login = session.auth_data.login.decode() if session.authenticated and session.auth_data else None
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, login))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (two days valid)."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False, auth_data=data if ok else None)


@contextmanager
def smtp_server(folder: Path, starttls: bool = True) -> Iterator[tuple[Controller, Recorder, Path]]:
    """Run the server on 127.0.0.1 (a free port) while the block runs; yields it, its recorder and
    the certificate to trust (SSL_CERT_FILE)."""
    cert, key = certificate(folder)
    recorder = Recorder()
    options: dict[str, Any] = {}
    if starttls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        options = {"tls_context": context, "require_starttls": True, "auth_require_tls": True,
                   "authenticator": _authenticate}
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=True,
                            server_hostname="localhost", **options)
    controller.start()
    try:
        yield controller, recorder, cert
    finally:
        controller.stop()
