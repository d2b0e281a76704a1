"""A small but real OpenID Connect provider on loopback, for the sign-in tests.

It serves discovery, a JWKS, an authorize endpoint that signs `user` in at once (302 back with
a code), and a token endpoint that checks the PKCE verifier against the challenge (S256), the
redirect URI and the client, then returns an RS256-signed ID token. `tamper` lets a test make
it misbehave the ways a hostile or broken provider could.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "quizflow-test-client"


@dataclass
class Provider:
    issuer: str
    user: dict[str, Any] = field(default_factory=dict)
    #: "signature" (signed by a key not in the JWKS), "nonce" (another nonce), "audience".
    tamper: str | None = None
    client_secret: str | None = None
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": "someone-else" if self.tamper == "audience" else CLIENT_ID,
            "sub": self.user.get("sub", "3f2b6a58-2c4e-4f0e-9d8e-0c1a2b3c4d5e"),
            "iat": now,
            "exp": now + 300,
            "nonce": "not-the-nonce" if self.tamper == "nonce" else nonce,
            "token_use": "id",
            **{k: v for k, v in self.user.items() if k != "sub"},
        }
        key = self.key
        if self.tamper == "signature":
            key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _json(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(
                    200,
                    {
                        "issuer": provider.issuer,
                        "authorization_endpoint": provider.issuer + "/authorize",
                        "token_endpoint": provider.issuer + "/token",
                        "jwks_uri": provider.issuer + "/jwks",
                        "response_types_supported": ["code"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                        "code_challenge_methods_supported": ["S256"],
                    },
                )
            elif url.path == "/jwks":
                self._json(200, {"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    self._json(400, {"error": "invalid_request"})
                    return
                if query.get("code_challenge_method") != "S256" or "code_challenge" not in query:
                    self._json(400, {"error": "invalid_request", "error_description": "PKCE"})
                    return
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                back = urlencode({"code": code, "state": query.get("state", "")})
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{back}")
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.token_requests.append(form)
            if provider.client_secret is not None:
                expected = base64.b64encode(f"{CLIENT_ID}:{provider.client_secret}".encode())
                if self.headers.get("Authorization") != f"Basic {expected.decode()}":
                    self._json(401, {"error": "invalid_client"})
                    return
            asked = provider.codes.pop(form.get("code", ""), None)  # a code works once
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                asked is None
                or form.get("grant_type") != "authorization_code"
                or form.get("redirect_uri") != asked["redirect_uri"]
                or not verifier
                or challenge != asked["code_challenge"]
            ):
                self._json(400, {"error": "invalid_grant"})
                return
            self._json(
                200,
                {
                    "id_token": provider.id_token(asked.get("nonce", "")),
                    "access_token": "unused",
                    "token_type": "Bearer",
                    "expires_in": 300,
                },
            )

    return Handler


@contextmanager
def running_provider() -> Iterator[Provider]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    host, port = server.server_address[:2]
    provider = Provider(issuer=f"http://{host!s}:{port}/pool")
    server.RequestHandlerClass = _prefixed(_handler(provider), "/pool")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _prefixed(handler: type[BaseHTTPRequestHandler], prefix: str) -> type[BaseHTTPRequestHandler]:
    """Serve under the issuer's path, as Cognito's issuer has one (/<pool-id>)."""

    class Prefixed(handler):  # type: ignore[valid-type,misc]
        def parse_request(self) -> bool:
            ok = super().parse_request()
            if ok and self.path.startswith(prefix):
                self.path = self.path[len(prefix) :] or "/"
            return bool(ok)

    return Prefixed
