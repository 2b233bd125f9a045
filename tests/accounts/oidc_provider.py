"""A small OpenID Connect provider for the single sign-on tests, served from a thread on
127.0.0.1 (an ephemeral port): discovery, authorisation (approves the configured person at
once, no login page), token (an RS256-signed ID token), userinfo and the signing keys.

It checks what a real provider checks of the relying party: the client id and secret, the
redirect URI given with the code, the PKCE verifier, and a code used only once. `tamper`
lets a test make the provider misbehave (another nonce, issuer or audience)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "partnerbook-tests"
CLIENT_SECRET = "not-a-real-secret-but-long-enough"  # noqa: S105
KEY_ID = "test-key-1"


@dataclass
class LocalProvider:
    """The provider's state: who it signs in (`claims`), and the codes it handed out."""

    claims: dict[str, Any] = field(default_factory=dict)
    tamper: dict[str, Any] = field(default_factory=dict)
    issuer: str = ""
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def endpoint(self, name: str) -> str:
        return f"{self.issuer}/{name}"

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.endpoint("authorize"),
            "token_endpoint": self.endpoint("token"),
            "userinfo_endpoint": self.endpoint("userinfo"),
            "jwks_uri": self.endpoint("jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def authorize(self, params: dict[str, str]) -> str:
        """The redirect back to the relying party, with a code for the configured person."""
        self.authorize_requests.append(params)
        if params.get("client_id") != CLIENT_ID or params.get("response_type") != "code":
            raise ValueError("unknown client or response type")
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"params": params, "claims": dict(self.claims)}
        query = urlencode({"code": code, "state": params.get("state", "")})
        return f"{params['redirect_uri']}?{query}"

    def token(self, form: dict[str, str], basic: tuple[str, str] | None) -> dict[str, Any]:
        client_id, client_secret = basic or (form.get("client_id"), form.get("client_secret"))
        if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
            raise PermissionError("invalid_client")
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            raise PermissionError("invalid_grant")
        asked = grant["params"]
        if form.get("redirect_uri") != asked["redirect_uri"]:
            raise PermissionError("invalid_grant")
        if "code_challenge" in asked:
            verifier = form.get("code_verifier", "").encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if digest.decode() != asked["code_challenge"]:
                raise PermissionError("invalid_grant")
        claims = grant["claims"]
        now = int(time.time())
        id_claims = {
            **claims,
            "iss": self.tamper.get("iss", self.issuer),
            "aud": self.tamper.get("aud", CLIENT_ID),
            "iat": now,
            "exp": now + self.tamper.get("lifetime", 300),
            "nonce": self.tamper.get("nonce", asked.get("nonce")),
        }
        id_token = jwt.encode(id_claims, self.key, algorithm="RS256", headers={"kid": KEY_ID})
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = claims
        return {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }


def _handler(provider: LocalProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet tests
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                try:
                    location = provider.authorize(params)
                except (ValueError, KeyError):
                    self._json(400, {"error": "invalid_request"})
                    return
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif url.path == "/userinfo":
                bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                claims = provider.tokens.get(bearer)
                if claims is None:
                    self._json(401, {"error": "invalid_token"})
                else:
                    self._json(200, claims)
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            basic = None
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
                basic = (user, password)
            try:
                self._json(200, provider.token(form, basic))
            except PermissionError as exc:
                self._json(400, {"error": str(exc)})

    return Handler


class RunningProvider:
    """`with RunningProvider() as provider:` serves a LocalProvider until the block ends."""

    def __init__(self) -> None:
        self.provider = LocalProvider()

    def __enter__(self) -> LocalProvider:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.provider))
        host, port = self.server.server_address[:2]
        self.provider.issuer = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.provider

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def configure(settings: Any, provider: LocalProvider, **extra: Any) -> None:
    """Point Partnerbook's single sign-on at `provider` (pytest-django's `settings`), the
    endpoints found through discovery unless `extra` names them."""
    settings.PARTNERBOOK_OIDC_ISSUER = provider.issuer
    settings.PARTNERBOOK_OIDC_CLIENT_ID = CLIENT_ID
    settings.PARTNERBOOK_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.PARTNERBOOK_OIDC_NAME = "Test Identity"
    settings.PARTNERBOOK_OIDC_ROLE_CLAIM = "groups"
    settings.PARTNERBOOK_OIDC_ROLE_MAP = "pb-admins=admin,pb-managers=manager,pb-buyers=buyer"
    settings.PARTNERBOOK_OIDC_DEFAULT_ROLE = "viewer"
    backend = "partnerbook.accounts.oidc.SingleSignOnBackend"
    if backend not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, backend]
    for name, value in extra.items():
        setattr(settings, name, value)
