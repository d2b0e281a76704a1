"""Authentication: local HS256 tokens, a real JWKS server for the Cognito mode, bearer parsing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from quizflow.auth import (
    Principal,
    Role,
    TokenVerifier,
    VerifiedTokenCache,
    bearer_token,
    build_verifier,
    issue_local_token,
)
from quizflow.auth_keys import decode_claims, local_secret
from quizflow.errors import ConfigurationError, UnauthorizedError
from quizflow.settings import Settings

SECRET = "unit-test-secret-" + "x" * 50  # 64+ bytes, so HS512 signs without a warning
USER = uuid.UUID("0b8f5a52-3c1e-4d7a-9d5e-1f2a3b4c5d6e")
ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool"
CLIENT_ID = "4example0client0id0abc"
KID = "test-key-1"
DROP = object()  # a claim override that removes the claim


@pytest.fixture(autouse=True)
def _no_auth_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SECRET", "JWKS_URL", "ISSUER", "AUDIENCE", "TTL_S", "ROLE_CLAIM"):
        monkeypatch.delenv(f"QUIZFLOW_JWT_{name}", raising=False)


def local_settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(config_dir=tmp_path / "config", **overrides)


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": "quizflow-local",
        "aud": "quizflow",
        "sub": str(USER),
        "iat": now,
        "exp": now + 600,
        "quizflow:role": "author",
    }
    base.update(overrides)
    return {name: value for name, value in base.items() if value is not DROP}


def signed(**overrides: Any) -> str:
    return jwt.encode(claims(**overrides), SECRET, algorithm="HS256")


def rejection(verifier: TokenVerifier, token: str) -> str:
    """The UnauthorizedError message for ``token``, checked to be one line without the key."""
    with pytest.raises(UnauthorizedError) as info:
        verifier.verify(token)
    message = info.value.message
    assert SECRET not in message
    assert "\n" not in message
    return message


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged(header: dict[str, Any], payload: dict[str, Any], hmac_key: bytes | None) -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    if hmac_key is None:
        return signing_input + "."
    signature = hmac.new(hmac_key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


@pytest.fixture
def verifier(tmp_path: Path) -> TokenVerifier:
    return build_verifier(local_settings(tmp_path, jwt_secret=SECRET))


# --- local HS256 mode -------------------------------------------------------------------------


def test_an_issued_token_verifies_to_the_same_principal(tmp_path: Path) -> None:
    settings = local_settings(tmp_path)
    token = issue_local_token(settings, user_id=USER, role="admin", email="ada@example.org")

    principal = build_verifier(settings).verify(token)

    assert principal == Principal(user_id=USER, role="admin", email="ada@example.org")


def test_an_issued_token_lasts_the_configured_ttl_with_local_issuer_and_audience(
    tmp_path: Path,
) -> None:
    settings = local_settings(tmp_path, jwt_secret=SECRET, jwt_ttl_s=3600)
    payload = jwt.decode(
        issue_local_token(settings, user_id=USER, role="learner"),
        SECRET,
        algorithms=["HS256"],
        audience="quizflow",
        issuer="quizflow-local",
    )
    assert payload["exp"] - payload["iat"] == 3600
    assert payload["quizflow:role"] == "learner"
    assert "email" not in payload


def test_the_role_claim_name_follows_the_settings(tmp_path: Path) -> None:
    settings = local_settings(tmp_path, jwt_secret=SECRET, jwt_role_claim="custom:role")
    token = issue_local_token(settings, user_id=USER, role="learner")

    assert jwt.decode(token, options={"verify_signature": False})["custom:role"] == "learner"
    assert build_verifier(settings).verify(token).role == "learner"


@pytest.mark.parametrize(
    ("role", "is_admin", "is_author"),
    [("admin", True, True), ("author", False, True), ("learner", False, False)],
)
def test_principal_role_helpers(role: Role, is_admin: bool, is_author: bool) -> None:
    principal = Principal(user_id=USER, role=role, email=None)
    assert (principal.is_admin, principal.is_author) == (is_admin, is_author)


def test_the_generated_secret_is_kept_0600_and_reused_by_later_verifiers(tmp_path: Path) -> None:
    config_dir = tmp_path / "not" / "yet" / "there"
    token = issue_local_token(Settings(config_dir=config_dir), user_id=USER, role="author")

    secret_file = config_dir / "jwt-secret"
    assert secret_file.stat().st_mode & 0o777 == 0o600
    assert len(secret_file.read_text().strip()) >= 64
    assert build_verifier(Settings(config_dir=config_dir)).verify(token).user_id == USER
    assert "signature" in rejection(build_verifier(Settings(config_dir=tmp_path / "other")), token)


def test_verifiers_started_together_share_one_generated_secret(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    start = threading.Barrier(8)
    secrets_seen: list[str] = []

    def first_run() -> None:
        start.wait()
        secrets_seen.append(local_secret(Settings(config_dir=config_dir)))

    threads = [threading.Thread(target=first_run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(secrets_seen) == 8
    assert set(secrets_seen) == {(config_dir / "jwt-secret").read_text().strip()}
    assert [p.name for p in config_dir.iterdir()] == ["jwt-secret"]  # no temporary files left


def test_the_environment_secret_takes_precedence_over_the_secret_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_dir = tmp_path / "config"
    file_verifier = build_verifier(Settings(config_dir=config_dir))  # writes the secret file
    monkeypatch.setenv("QUIZFLOW_JWT_SECRET", SECRET)

    token = issue_local_token(Settings(config_dir=config_dir), user_id=USER, role="author")

    jwt.decode(token, SECRET, algorithms=["HS256"], audience="quizflow")
    assert "signature" in rejection(file_verifier, token)


def test_no_secret_file_is_written_when_the_secret_is_configured(tmp_path: Path) -> None:
    build_verifier(local_settings(tmp_path, jwt_secret=SECRET))
    assert not (tmp_path / "config").exists()


def test_a_short_configured_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="at least 32 bytes"):
        build_verifier(local_settings(tmp_path, jwt_secret="too-short"))


def test_an_unreadable_secret_file_is_a_one_line_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "config" / "jwt-secret").mkdir(parents=True)  # reading a directory fails
    with pytest.raises(ConfigurationError) as info:
        build_verifier(local_settings(tmp_path))
    assert "cannot read the JWT secret" in info.value.message
    assert str(tmp_path / "config" / "jwt-secret") in info.value.message
    assert "\n" not in info.value.message


@pytest.mark.parametrize("content", ["", "short\n", "has spaces in it " * 5, "é" * 50])
def test_a_corrupt_secret_file_is_a_one_line_configuration_error(
    tmp_path: Path, content: str
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "jwt-secret").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="is corrupt") as info:
        build_verifier(local_settings(tmp_path))
    assert "\n" not in info.value.message


def test_an_expired_token_says_when_it_expired_and_how_to_renew(verifier: TokenVerifier) -> None:
    expired_at = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    exp = int(expired_at.timestamp())
    message = rejection(verifier, signed(iat=exp - 60, exp=exp))
    assert message == (
        "the token expired at 2020-01-02 03:04:05 UTC; get a new one with `quizflow token EMAIL`"
    )


def test_clock_skew_within_30_seconds_is_tolerated(verifier: TokenVerifier) -> None:
    now = int(time.time())
    assert verifier.verify(signed(iat=now + 10, exp=now - 10)).user_id == USER


@pytest.mark.parametrize("claim", ["iat", "nbf"])
def test_a_token_from_the_future_is_not_valid_yet(verifier: TokenVerifier, claim: str) -> None:
    assert "not valid yet" in rejection(verifier, signed(**{claim: int(time.time()) + 120}))


def test_a_token_signed_with_another_secret_has_a_bad_signature(verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(), "another-secret-" + "y" * 40, algorithm="HS256")
    assert "signature is not from this server's secret" in rejection(verifier, token)


def test_a_token_from_another_issuer_is_rejected(verifier: TokenVerifier) -> None:
    message = rejection(verifier, signed(iss="someone-else"))
    assert message == "the token was issued by 'someone-else', not 'quizflow-local'"


@pytest.mark.parametrize(
    ("aud", "expected"),
    [("other-app", "meant for 'other-app', not 'quizflow'"), (DROP, "lacks the 'aud' claim")],
)
def test_a_token_for_another_audience_is_rejected(
    verifier: TokenVerifier, aud: object, expected: str
) -> None:
    assert expected in rejection(verifier, signed(aud=aud))


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30"])
def test_a_malformed_token_is_rejected(verifier: TokenVerifier, token: str) -> None:
    assert "malformed" in rejection(verifier, token)


def test_an_unsigned_alg_none_token_is_rejected(verifier: TokenVerifier) -> None:
    token = forged({"alg": "none", "typ": "JWT"}, claims(), hmac_key=None)
    assert "alg 'none'; only HS256 is accepted" in rejection(verifier, token)


def test_a_token_signed_with_another_hmac_algorithm_is_rejected(verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(), SECRET, algorithm="HS512")
    assert "alg 'HS512'; only HS256 is accepted" in rejection(verifier, token)


@pytest.mark.parametrize("sub", ["alice", "12345", 12345])
def test_a_subject_that_is_not_a_uuid_is_rejected(verifier: TokenVerifier, sub: object) -> None:
    assert "not a user id (a UUID)" in rejection(verifier, signed(sub=sub))


def test_a_token_without_a_subject_is_rejected(verifier: TokenVerifier) -> None:
    assert "lacks the 'sub' claim" in rejection(verifier, signed(sub=DROP))


def test_an_unknown_role_is_rejected(verifier: TokenVerifier) -> None:
    message = rejection(verifier, signed(**{"quizflow:role": "superuser"}))
    assert message == "the token's role 'superuser' is not one of author, learner, admin"


def test_a_token_without_a_role_is_rejected(verifier: TokenVerifier) -> None:
    assert "carries no role" in rejection(verifier, signed(**{"quizflow:role": DROP}))


def test_cognito_groups_do_not_grant_a_role_to_local_tokens(verifier: TokenVerifier) -> None:
    token = signed(**{"quizflow:role": DROP, "cognito:groups": ["admin"]})
    assert "carries no role" in rejection(verifier, token)


# --- JWKS (Cognito) mode, against a real HTTP server -----------------------------------------


class JwksServer:
    """Serves one JWKS document at /jwks.json on 127.0.0.1 and records each request."""

    def __init__(self, jwks: dict[str, Any]) -> None:
        body = json.dumps(jwks).encode()
        self.requests: list[str] = []
        requests = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                if self.path != "/jwks.json":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/jwks.json"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
            self.running = False


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def jwks_server(rsa_key: rsa.RSAPrivateKey) -> Iterator[JwksServer]:
    jwk = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    server = JwksServer({"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]})
    yield server
    server.stop()


def jwks_settings(tmp_path: Path, server: JwksServer, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "jwt_jwks_url": server.url,
        "jwt_issuer": ISSUER,
        "jwt_audience": CLIENT_ID,
        **overrides,
    }
    return local_settings(tmp_path, **values)


@pytest.fixture
def jwks_verifier(tmp_path: Path, jwks_server: JwksServer) -> TokenVerifier:
    return build_verifier(jwks_settings(tmp_path, jwks_server))


def id_token_claims(**overrides: Any) -> dict[str, Any]:
    cognito = {"iss": ISSUER, "aud": CLIENT_ID, "token_use": "id", "email": "ada@example.org"}
    return claims(**{**cognito, **overrides})


def access_token_claims(**overrides: Any) -> dict[str, Any]:
    cognito = {
        "iss": ISSUER,
        "aud": DROP,
        "client_id": CLIENT_ID,
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin",
        "quizflow:role": DROP,
        "cognito:groups": ["learner"],
    }
    return claims(**{**cognito, **overrides})


def rs256(payload: dict[str, Any], key: rsa.RSAPrivateKey, kid: str = KID) -> str:
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


def test_jwks_mode_accepts_a_valid_id_token(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    principal = jwks_verifier.verify(rs256(id_token_claims(), rsa_key))
    assert principal == Principal(user_id=USER, role="author", email="ada@example.org")


def test_jwks_mode_refuses_to_read_the_role_from_a_user_writable_custom_attribute(
    tmp_path: Path, jwks_server: JwksServer
) -> None:
    with pytest.raises(ConfigurationError, match="users can write themselves") as caught:
        build_verifier(jwks_settings(tmp_path, jwks_server, jwt_role_claim="custom:role"))
    assert "Cognito group" in caught.value.message


def test_jwks_mode_accepts_a_cognito_access_token_by_its_client_id(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    principal = jwks_verifier.verify(rs256(access_token_claims(), rsa_key))
    assert principal == Principal(user_id=USER, role="learner", email=None)


@pytest.mark.parametrize(
    ("groups", "role"),
    [(["learner", "admin"], "admin"), (["staff", "author", "learner"], "author")],
)
def test_jwks_mode_takes_the_highest_role_among_cognito_groups(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey, groups: list[str], role: Role
) -> None:
    token = rs256(access_token_claims(**{"cognito:groups": groups}), rsa_key)
    assert jwks_verifier.verify(token).role == role


def test_jwks_mode_prefers_the_role_claim_over_cognito_groups(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = rs256(
        access_token_claims(**{"quizflow:role": "learner", "cognito:groups": ["admin"]}), rsa_key
    )
    assert jwks_verifier.verify(token).role == "learner"


def test_jwks_mode_rejects_groups_that_name_no_role(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = rs256(access_token_claims(**{"cognito:groups": ["staff"]}), rsa_key)
    assert "or a 'cognito:groups' group" in rejection(jwks_verifier, token)


def test_jwks_mode_rejects_another_issuer(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = rs256(id_token_claims(iss="https://evil.example"), rsa_key)
    assert "issued by 'https://evil.example'" in rejection(jwks_verifier, token)


@pytest.mark.parametrize(
    ("token_use", "overrides"),
    [
        ("id", {"aud": "another-client"}),
        ("access", {"client_id": "another-client"}),
        # Only access tokens name their audience in client_id.
        ("id", {"aud": DROP, "client_id": CLIENT_ID}),
    ],
    ids=["id-token-aud", "access-token-client-id", "id-token-without-aud"],
)
def test_jwks_mode_rejects_a_token_for_another_app_client(
    jwks_verifier: TokenVerifier,
    rsa_key: rsa.RSAPrivateKey,
    token_use: str,
    overrides: dict[str, Any],
) -> None:
    build = id_token_claims if token_use == "id" else access_token_claims
    message = rejection(jwks_verifier, rs256(build(**overrides), rsa_key))
    assert "meant for" in message
    assert repr(CLIENT_ID) in message


def test_jwks_mode_says_to_sign_in_again_when_the_token_expired(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = rs256(id_token_claims(iat=1_577_000_000, exp=1_577_836_800), rsa_key)
    message = rejection(jwks_verifier, token)
    assert message == "the token expired at 2020-01-01 00:00:00 UTC; sign in again to get a new one"


def test_jwks_mode_rejects_a_token_signed_by_another_key_with_a_known_kid(
    jwks_verifier: TokenVerifier, jwks_server: JwksServer
) -> None:
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    message = rejection(jwks_verifier, rs256(id_token_claims(), impostor))
    assert message == f"the token's signature is not from a key in the key set at {jwks_server.url}"


def test_jwks_mode_rejects_a_token_whose_kid_is_not_in_the_key_set(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    message = rejection(jwks_verifier, rs256(id_token_claims(), rsa_key, kid="rotated-away"))
    assert "has no usable key for it" in message


def test_jwks_mode_rejects_an_unsigned_alg_none_token(jwks_verifier: TokenVerifier) -> None:
    token = forged({"alg": "none", "kid": KID}, id_token_claims(), hmac_key=None)
    assert "alg 'none'; only RS256 is accepted" in rejection(jwks_verifier, token)


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_jwks_mode_rejects_hs256_signed_with_the_rsa_public_key(
    jwks_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = forged({"alg": "HS256", "kid": KID}, id_token_claims(), public_pem(rsa_key))
    assert "alg 'HS256'; only RS256 is accepted" in rejection(jwks_verifier, token)


def test_decoding_with_a_jwks_key_rejects_hs256_even_past_the_header_check(
    jwks_server: JwksServer, rsa_key: rsa.RSAPrivateKey
) -> None:
    key = jwt.PyJWKClient(jwks_server.url).get_signing_key(KID)
    token = forged({"alg": "HS256", "kid": KID}, id_token_claims(), public_pem(rsa_key))
    with pytest.raises(UnauthorizedError):
        decode_claims(
            token, key, algorithm="RS256", issuer=ISSUER, audience=None, renew="", signer=""
        )


def test_jwks_keys_are_fetched_on_first_use_and_then_cached(
    jwks_verifier: TokenVerifier, jwks_server: JwksServer, rsa_key: rsa.RSAPrivateKey
) -> None:
    assert jwks_server.requests == []
    jwks_verifier.verify(rs256(id_token_claims(), rsa_key))
    jwks_verifier.verify(rs256(access_token_claims(), rsa_key))
    assert jwks_server.requests == ["/jwks.json"]


def test_cached_jwks_keys_keep_working_while_the_key_set_is_down(
    jwks_verifier: TokenVerifier, jwks_server: JwksServer, rsa_key: rsa.RSAPrivateKey
) -> None:
    jwks_verifier.verify(rs256(id_token_claims(), rsa_key))
    jwks_server.stop()
    assert jwks_verifier.verify(rs256(id_token_claims(), rsa_key)).user_id == USER


def test_an_unreachable_key_set_is_an_unauthorized_error_naming_it(
    jwks_verifier: TokenVerifier, jwks_server: JwksServer, rsa_key: rsa.RSAPrivateKey
) -> None:
    jwks_server.stop()
    message = rejection(jwks_verifier, rs256(id_token_claims(), rsa_key))
    assert message == f"cannot verify the token: the key set at {jwks_server.url} is unreachable"


@pytest.mark.parametrize(
    ("issuer", "audience", "missing"),
    [
        (None, CLIENT_ID, "set QUIZFLOW_JWT_ISSUER"),
        (ISSUER, None, "set QUIZFLOW_JWT_AUDIENCE"),
        (None, None, "set QUIZFLOW_JWT_ISSUER and QUIZFLOW_JWT_AUDIENCE"),
    ],
)
def test_jwks_mode_requires_issuer_and_audience(
    tmp_path: Path, jwks_server: JwksServer, issuer: str | None, audience: str | None, missing: str
) -> None:
    settings = jwks_settings(tmp_path, jwks_server, jwt_issuer=issuer, jwt_audience=audience)
    with pytest.raises(ConfigurationError, match=missing):
        build_verifier(settings)


def test_jwks_mode_requires_an_http_url(tmp_path: Path) -> None:
    settings = local_settings(
        tmp_path, jwt_jwks_url="file:///etc/passwd", jwt_issuer=ISSUER, jwt_audience=CLIENT_ID
    )
    with pytest.raises(ConfigurationError, match="must be an https:// URL"):
        build_verifier(settings)


def test_local_tokens_are_not_issued_in_jwks_mode(tmp_path: Path, jwks_server: JwksServer) -> None:
    with pytest.raises(ConfigurationError) as info:
        issue_local_token(jwks_settings(tmp_path, jwks_server), user_id=USER, role="admin")
    assert info.value.message == (
        "tokens are issued by the identity provider when QUIZFLOW_JWT_JWKS_URL is set"
    )


# --- the Authorization header -----------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER abc.def.ghi", " Bearer  abc.def.ghi "],
)
def test_bearer_token_reads_the_token_whatever_the_scheme_case(header: str) -> None:
    assert bearer_token(header) == "abc.def.ghi"


@pytest.mark.parametrize("header", [None, "", "   "])
def test_a_missing_authorization_header_says_what_to_send(header: str | None) -> None:
    with pytest.raises(UnauthorizedError, match="send the header `Authorization: Bearer <token>`"):
        bearer_token(header)


@pytest.mark.parametrize(
    "header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer dXNlcjpwYXNz extra", "Token dXNlcjpwYXNz"]
)
def test_a_malformed_authorization_header_is_rejected_without_echoing_it(header: str) -> None:
    with pytest.raises(UnauthorizedError, match="must read `Bearer <token>`") as info:
        bearer_token(header)
    assert "dXNlcjpwYXNz" not in info.value.message


class CountingVerifier:
    """The real verifier, counting how often it is asked."""

    def __init__(self, inner: TokenVerifier) -> None:
        self.inner = inner
        self.may_block = inner.may_block
        self.calls = 0

    def verify(self, token: str) -> Principal:
        self.calls += 1
        return self.inner.verify(token)


@pytest.fixture
def counted(tmp_path: Path) -> CountingVerifier:
    return CountingVerifier(build_verifier(local_settings(tmp_path, jwt_secret=SECRET)))


def test_an_accepted_token_is_not_checked_again_until_it_expires(
    counted: CountingVerifier,
) -> None:
    now = [time.time()]
    cache = VerifiedTokenCache(counted, clock=lambda: now[0])
    token = signed(exp=int(now[0]) + 60)

    first, second = cache.verify(token), cache.verify(token)

    assert first == second == Principal(USER, "author", None)
    assert counted.calls == 1
    now[0] += 61  # past its exp: the verifier sees it again (and judges it itself)
    cache.verify(token)
    assert counted.calls == 2


def test_a_rejected_token_is_checked_every_time(counted: CountingVerifier) -> None:
    cache = VerifiedTokenCache(counted)
    forged = jwt.encode(claims(), "another-secret-" + "y" * 50, algorithm="HS256")

    for _ in range(2):
        with pytest.raises(UnauthorizedError, match="signature"):
            cache.verify(forged)
    assert counted.calls == 2


def test_the_cache_holds_at_most_its_capacity_dropping_the_oldest(
    counted: CountingVerifier,
) -> None:
    cache = VerifiedTokenCache(counted, capacity=2)
    oldest, middle, newest = (signed(jti=str(n)) for n in range(3))
    for token in (oldest, middle, newest):
        cache.verify(token)

    assert cache.cached(oldest) is None
    assert cache.cached(middle) is not None
    assert cache.cached(newest) is not None
    cache.verify(oldest)
    assert counted.calls == 4
