"""A fake hosted payment page on loopback for the adapter's tests: it checks the signed checkout
URL, takes the card (which never reaches the shop), charges once per key, queues the signed
webhook it would send, and answers the API calls (find a charge, refund once per key)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from store.hosted_payments import sign
from store.payments import TEST_CARD_OK

API_KEY, SECRET = "sk_test_fake", "whsec_fake"


class FakeHostedPage:
    def __init__(self) -> None:
        self.charges: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.webhooks: list[tuple[bytes, str]] = []  # (payload, signature header) not yet delivered
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _pay(self, query: dict[str, str], card: str) -> tuple[int, dict[str, Any]]:
        signed = {k: query[k] for k in ("key", "amount", "currency", "return") if k in query}
        expected = hmac.new(API_KEY.encode(), urllib.parse.urlencode(signed).encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, query.get("sig", "")):
            return 400, {"error": "bad checkout signature"}
        key = query["key"]
        if key not in self.charges:
            approved = "".join(c for c in card if c.isdigit()) == TEST_CARD_OK.replace(" ", "")
            self.charges[key] = {
                "approved": approved,
                "reference": f"hp_ch_{len(self.charges) + 1}",
                "amount_minor": int(query["amount"]),
                "currency": query["currency"],
                "message": "approved" if approved else "declined",
            }
            charge = self.charges[key]
            payload = json.dumps(
                {"type": "charge.succeeded" if approved else "charge.failed", "key": key, **charge}
            ).encode()
            self.webhooks.append((payload, sign(SECRET, payload, int(time.time()))))
        return 200, {"redirect": query["return"]}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        page = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                    self._answer(401, {"error": "unauthorized"})
                    return False
                return True

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                params = dict(urllib.parse.parse_qsl(query))
                if path == "/charges" and self._authorized():
                    found = page.charges.get(params.get("key", ""))
                    self._answer(200, found) if found else self._answer(404, {"error": "no such charge"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                path, _, query = self.path.partition("?")
                if path == "/pay":  # the buyer's browser submits the card form
                    self._answer(*page._pay(dict(urllib.parse.parse_qsl(query)), str(body.get("card", ""))))
                elif path == "/refunds" and self._authorized():
                    if not any(c["reference"] == body["charge"] for c in page.charges.values()):
                        self._answer(404, {"error": "no such charge"})
                        return
                    key = self.headers.get("Idempotency-Key") or f"auto-{len(page.refunds)}"
                    page.refunds.setdefault(key, {**body, "reference": f"hp_re_{len(page.refunds) + 1}"})
                    self._answer(200, page.refunds[key])

        return Handler
