"""E-mails: rendered in the recipient's language from a .txt + .html pair, and the transports.

Building a message (here, when it is planned) is separate from sending it (``delivery``).
"""

import hashlib
import smtplib
import ssl
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from .single_line import one_line


def language_for(app, language):
    """``language`` when the service speaks it, else the default (Polish)."""
    return language if language in app.config["LANGUAGES"] else app.config["BABEL_DEFAULT_LOCALE"]


@contextmanager
def in_language(app, language):
    """Render and translate in ``language``, outside any request."""
    with app.app_context(), force_locale(language_for(app, language)):
        yield


def render_bodies(template, **context):
    """(text, html) of ``templates/mail/<template>.txt`` and ``.html`` in the current language."""
    return (render_template(f"mail/{template}.txt", **context),
            render_template(f"mail/{template}.html", **context))


def message_id(key, mail_from):
    """A Message-ID derived from the outbox key: a resent message keeps its identity."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "pim-alumni.invalid"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def build_message(app, row):
    """The MIME message (plain text with an HTML alternative) for an outbox row."""
    message = EmailMessage()
    message["From"] = app.config["MAIL_FROM"]
    message["To"] = row.recipient
    # A line break in a header cannot be sent (and would start a new header): one line, always.
    message["Subject"] = " ".join(one_line(row.subject).split())
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = message_id(row.idempotency_key, app.config["MAIL_FROM"])
    # Tells mail servers and out-of-office responders that no person typed this.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.body_text)
    if row.body_html:
        message.add_alternative(row.body_html, subtype="html")
    return message


class SmtpConnectError(Exception):
    """The SMTP server could not be reached or would not let us in (a reason to try later)."""


class FileBackend:
    """Writes each message as an .eml file in the instance folder (the default, and the demo's)."""

    def __init__(self, app):
        self.folder = Path(app.instance_path) / "mail"

    def send(self, message, row):
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = row.created_at.strftime("%Y%m%dT%H%M%S")
        (self.folder / f"{stamp}-{row.id:06d}.eml").write_bytes(bytes(message))

    def close(self):
        pass


class SmtpBackend:
    """One SMTP connection for a batch, opened on first use (STARTTLS and login when configured)."""

    def __init__(self, app):
        self.config = app.config
        self._smtp = None
        self._connect_error = None

    def _connect(self):
        config = self.config
        smtp = smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]),
                            timeout=config["SMTP_TIMEOUT_SECONDS"])
        try:
            if config["SMTP_STARTTLS"]:
                smtp.starttls(context=ssl.create_default_context(cafile=config.get("SMTP_CA_FILE") or None))
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message, row):
        # When the server cannot be reached, the rest of the batch waits for the next run.
        if self._connect_error is not None:
            raise self._connect_error
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except (OSError, smtplib.SMTPException) as error:
                self._connect_error = SmtpConnectError(f"cannot connect to the SMTP server: {error}")
                raise self._connect_error from error
        try:
            self._smtp.send_message(message, to_addrs=[row.recipient])
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
            raise  # the server answered: the connection serves the next message
        except OSError:
            # SMTPServerDisconnected, timeouts, resets: open a new connection for the next one.
            self._smtp.close()
            self._smtp = None
            raise

    def close(self):
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


BACKENDS = {"file": FileBackend, "smtp": SmtpBackend}


def check_backend(app):
    """Raise RuntimeError unless ``MAIL_BACKEND`` names a transport."""
    name = app.config["MAIL_BACKEND"]
    if name not in BACKENDS:
        raise RuntimeError(f"ALUMNI_MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")


def open_backend(app):
    """The transport named by ``MAIL_BACKEND``."""
    check_backend(app)
    return BACKENDS[app.config["MAIL_BACKEND"]](app)
