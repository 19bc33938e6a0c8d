"""Real servers on loopback for the tests: SMTP (aiosmtpd) and an HTTP webhook receiver."""

import email
import json
import socket
import ssl
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

DATA = Path(__file__).resolve().parent / "data"
TLS_CERT = DATA / "smtp-test-cert.pem"
TLS_KEY = DATA / "smtp-test-key.pem"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpHandler:
    """Keeps what arrives; answers RCPT with the scripted replies first (then accepts)."""

    def __init__(self):
        self.messages = []         # (envelope recipients, parsed message)
        self.rcpt_replies = []     # e.g. ["451 4.3.0 Try again later"]; consumed in order
        self.always_reply = None   # e.g. "451 4.3.0 Busy": every RCPT gets it
        self.sessions = set()      # connections that delivered something
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            reply = self.always_reply or (self.rcpt_replies.pop(0) if self.rcpt_replies else None)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
            self.sessions.add(id(session))
        return "250 Message accepted"


class SmtpServer:
    """An aiosmtpd server in a thread; with ``tls`` it offers STARTTLS and wants a login after it."""

    def __init__(self, tls=False, username=None, password=None):
        self.handler = SmtpHandler()
        self.port = free_port()
        self.logins = []
        kwargs = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(TLS_CERT, TLS_KEY)
            kwargs.update(tls_context=context, require_starttls=True)
        if username:
            kwargs.update(authenticator=self._authenticate, auth_required=True, auth_require_tls=tls)
        self._credentials = (username, password)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        login = (auth_data.login.decode(), auth_data.password.decode())
        self.logins.append(login)
        # handled=False: the server itself answers a refusal with 535.
        return AuthResult(success=login == self._credentials, handled=False)

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


class WebhookReceiver:
    """An HTTP server in a thread that keeps every POST and answers with the scripted statuses."""

    def __init__(self):
        self.requests = []    # (headers, raw body)
        self.statuses = []    # consumed in order, then 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/alumni"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def payloads(self):
        return [json.loads(body) for _headers, body in self.requests]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
