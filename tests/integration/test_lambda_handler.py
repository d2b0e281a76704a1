"""The Lambda entry points, invoked locally with API Gateway events, on real PostgreSQL.

The API handler gets HTTP API (payload 2.0) events as API Gateway sends them after its JWT
authorizer, and answers through Mangum and the real app; the migration handler upgrades an
empty database; database credentials come from a real Secrets Manager endpoint (moto's server).
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

from quizflow.auth import issue_local_token
from quizflow.aws import lambda_api, lambda_migrate, secrets
from quizflow.db import models as orm
from quizflow.db.engine import engine_from_settings, resolve_database_url
from quizflow.db.migrate import default_migrations_dir, load_migrations
from quizflow.errors import ConfigurationError, DatabaseUnavailableError
from quizflow.services.users import create_user
from quizflow.settings import Settings, get_settings
from tests.conftest import DatabaseFactory
from tests.s3_server import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY, free_port
from tests.unit.test_auth import JwksServer

JWT_SECRET = "lambda-test-secret-" + "x" * 40
ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool"
CLIENT_ID = "4example0client0id0abc"
KID = "lambda-test-key"


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_container(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Each test is a new Lambda container: no app, settings or secrets carried over."""
    for name in ("JWKS_URL", "ISSUER", "AUDIENCE", "DB_SECRET_ARN", "DB_HOST", "STORAGE_BACKEND"):
        monkeypatch.delenv(f"QUIZFLOW_{name}", raising=False)
    monkeypatch.setenv("QUIZFLOW_JWT_SECRET", JWT_SECRET)
    monkeypatch.setenv("QUIZFLOW_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("QUIZFLOW_DATA_DIR", str(tmp_path / "data"))

    def forget() -> None:
        lambda_api.reset()
        get_settings.cache_clear()
        secrets.clear_cache()

    forget()
    yield
    forget()


@pytest.fixture
def database(databases: DatabaseFactory, monkeypatch: pytest.MonkeyPatch) -> URL:
    """A migrated database of this test's own, which the handler finds in DATABASE_URL."""
    url = databases.create(migrated=True)
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    return url


@pytest.fixture
def author_token(database: URL) -> str:
    engine = create_engine(database)
    try:
        user = create_user(sessions=sessionmaker(engine), email="ada@example.org", role="author")
    finally:
        engine.dispose()
    local = Settings(jwt_jwks_url=None, jwt_secret=JWT_SECRET)  # type: ignore[arg-type]
    return issue_local_token(local, user_id=user.id, role="author", email=user.email)


@pytest.fixture
def secretsmanager(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A Secrets Manager client on moto's server, which quizflow's own client also finds."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", s3_server)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
    return boto3.session.Session().client(
        "secretsmanager", region_name=REGION, endpoint_url=s3_server
    )


def put_secret(client: Any, value: dict[str, Any] | str) -> str:
    text_value = value if isinstance(value, str) else json.dumps(value)
    name = f"quizflow/test/{uuid.uuid4().hex[:12]}"
    return str(client.create_secret(Name=name, SecretString=text_value)["ARN"])


def credentials_of(url: URL) -> dict[str, Any]:
    """What Aurora's generated secret holds, for the test server's database."""
    return {
        "engine": "postgres",
        # The embedded server listens on a Unix socket only: its directory is the host then.
        "host": url.host or url.query.get("host"),
        "port": url.port or 5432,
        "username": url.username,
        "password": url.password or "",
        "dbname": url.database,
    }


def http_event(
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: Any = None,
    query: str = "",
    base64_body: bool = False,
    claims: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload format 2.0) event, as Lambda receives it."""
    headers = {
        "accept": "application/json",
        "host": "abc123.execute-api.eu-west-1.amazonaws.com",
        "user-agent": "pytest",
        "x-amzn-trace-id": "Root=1-67891233-abcdef012345678912345678",
        "x-forwarded-for": "203.0.113.7",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
    }
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    raw_body = None
    if body is not None:
        headers["content-type"] = "application/json"
        raw_body = json.dumps(body)
        if base64_body:
            raw_body = base64.b64encode(raw_body.encode()).decode()
    now = time.time()
    context: dict[str, Any] = {
        "accountId": "123456789012",
        "apiId": "abc123",
        "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
        "domainPrefix": "abc123",
        "http": {
            "method": method,
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": "203.0.113.7",
            "userAgent": "pytest",
        },
        "requestId": uuid.uuid4().hex[:16],
        "routeKey": "$default",
        "stage": "$default",
        "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "timeEpoch": int(now * 1000),
    }
    if claims is not None:  # what the JWT authorizer adds once it has accepted the token
        context["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": context,
        "isBase64Encoded": base64_body,
    }
    if raw_body is not None:
        event["body"] = raw_body
    return event


def invoke(event: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    response = lambda_api.handler(event, None)
    body = response.get("body") or ""
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
    return response["statusCode"], headers, json.loads(body) if body else None


# --- the API handler -------------------------------------------------------------------------


def test_an_authorised_request_goes_through_mangum_to_the_app_and_the_database(
    author_token: str,
) -> None:
    status, headers, body = invoke(
        http_event(
            "POST",
            "/scenarios",
            token=author_token,
            body={"title": "Fire drill", "context_html": "<p>The alarm rings.</p>"},
        )
    )
    assert status == 201, body
    assert headers["content-type"] == "application/json"
    scenario_id = body["id"]
    status, _, listed = invoke(http_event("GET", f"/scenarios/{scenario_id}", token=author_token))
    assert status == 200
    assert listed["title"] == "Fire drill"
    status, _, me = invoke(http_event("GET", "/me", token=author_token))
    assert (status, me["email"], me["role"]) == (200, "ada@example.org", "author")


def test_a_base64_encoded_body_and_a_query_string_are_decoded(author_token: str) -> None:
    event = http_event(
        "POST", "/scenarios", token=author_token, body={"title": "Encoded"}, base64_body=True
    )
    status, _, body = invoke(event)
    assert status == 201, body
    status, _, _ = invoke(http_event("GET", "/scenarios", token=author_token, query="limit=5"))
    assert status == 200


def test_a_request_without_a_token_is_a_401_problem(database: URL) -> None:
    status, headers, body = invoke(http_event("GET", "/me"))
    assert status == 401
    assert headers["content-type"].startswith("application/problem+json")
    assert body["status"] == 401
    assert "Authorization" in body["detail"]


def test_a_token_signed_with_another_secret_is_a_401_problem(database: URL) -> None:
    forged = jwt.encode(
        {"sub": str(uuid.uuid4()), "iss": "quizflow-local", "aud": "quizflow"},
        "another-secret-" + "y" * 40,
        algorithm="HS256",
    )
    status, headers, body = invoke(http_event("GET", "/me", token=forged))
    assert status == 401
    assert headers["content-type"].startswith("application/problem+json")
    assert body["title"]


def test_the_app_and_its_engine_are_built_once_per_container(author_token: str) -> None:
    invoke(http_event("GET", "/me", token=author_token))
    first = lambda_api._adapter()
    invoke(http_event("GET", "/me", token=author_token))
    assert lambda_api._adapter() is first


# --- accounts for Cognito users --------------------------------------------------------------


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def cognito(rsa_key: rsa.RSAPrivateKey, monkeypatch: pytest.MonkeyPatch) -> Iterator[JwksServer]:
    """The handler configured as deployed: tokens verified against a (local) JWKS."""
    jwk = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    server = JwksServer({"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]})
    monkeypatch.setenv("QUIZFLOW_JWT_JWKS_URL", server.url)
    monkeypatch.setenv("QUIZFLOW_JWT_ISSUER", ISSUER)
    monkeypatch.setenv("QUIZFLOW_JWT_AUDIENCE", CLIENT_ID)
    yield server
    server.stop()


def cognito_token(key: rsa.RSAPrivateKey, *, sub: uuid.UUID, **extra: Any) -> tuple[str, dict]:
    now = int(time.time())
    claims = {
        "sub": str(sub),
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "token_use": "id",
        "iat": now,
        "exp": now + 3600,
        "cognito:groups": ["author"],
        **extra,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID}), claims


def test_a_new_cognito_user_gets_an_account_on_the_first_request(
    database: URL, cognito: JwksServer, rsa_key: rsa.RSAPrivateKey
) -> None:
    sub = uuid.uuid4()
    token, claims = cognito_token(rsa_key, sub=sub, email="Grace@Example.org")
    event = http_event("POST", "/scenarios", token=token, body={"title": "Mine"}, claims=claims)
    status, _, body = invoke(event)
    assert status == 201, body
    status, _, me = invoke(http_event("GET", "/me", token=token, claims=claims))
    assert (status, me["id"], me["email"], me["role"]) == (
        200,
        str(sub),
        "grace@example.org",
        "author",
    )


def test_a_cognito_user_whose_email_belongs_to_another_account_gets_a_placeholder_address(
    author_token: str, cognito: JwksServer, rsa_key: rsa.RSAPrivateKey, database: URL
) -> None:
    sub = uuid.uuid4()
    token, claims = cognito_token(rsa_key, sub=sub, email="ada@example.org")  # a local user's
    status, _, me = invoke(http_event("GET", "/me", token=token, claims=claims))
    assert status == 200
    assert me["id"] == str(sub)
    assert me["email"] == f"{sub}@users.invalid"


def test_a_deleted_users_local_token_stays_unauthorised(author_token: str, database: URL) -> None:
    engine = create_engine(database)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM users"))
    finally:
        engine.dispose()
    status, _, body = invoke(
        http_event("POST", "/scenarios", token=author_token, body={"title": "Ghost"})
    )
    assert status == 401
    assert "no longer exists" in body["detail"]


# --- the migration handler -------------------------------------------------------------------


def test_the_migration_handler_applies_every_migration_to_an_empty_database(
    databases: DatabaseFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = databases.create()
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    expected = [m.name for m in load_migrations(default_migrations_dir())]

    result = lambda_migrate.handler({}, None)  # as the CDK Trigger invokes it

    assert result["applied"] == expected
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(orm.User.id)).all() == []  # the schema is there
    finally:
        engine.dispose()
    again = lambda_migrate.handler({"RequestType": "Update"}, None)  # as a custom resource
    assert again["applied"] == []
    assert again["PhysicalResourceId"] == lambda_migrate.PHYSICAL_RESOURCE_ID
    assert again["Data"] == {"Applied": "", "Count": 0}
    assert lambda_migrate.handler({"RequestType": "Delete"}, None)["applied"] == []


# --- credentials from Secrets Manager --------------------------------------------------------


def test_the_database_url_is_built_from_the_secret(secretsmanager: Any) -> None:
    arn = put_secret(
        secretsmanager,
        {"host": "db.cluster", "port": 6543, "username": "app", "password": "p@ss:w/rd"},
    )
    url = resolve_database_url(Settings(db_secret_arn=arn), credentials=secrets)
    assert (url.drivername, url.host, url.port, url.username) == (
        "postgresql+psycopg",
        "db.cluster",
        6543,
        "app",
    )
    assert url.password == "p@ss:w/rd"
    assert url.database == "postgres"  # the secret named none
    assert url.query["sslmode"] == "require"
    proxied = resolve_database_url(
        Settings(db_secret_arn=arn, db_host="proxy.endpoint"), credentials=secrets
    )
    assert proxied.host == "proxy.endpoint"


def test_a_secret_without_a_credential_provider_is_a_configuration_error() -> None:
    # The database layer reads no secrets itself: only a composition root that hands one in.
    arn = f"arn:aws:secretsmanager:{REGION}:123456789012:secret:quizflow/db-AbCdEf"
    with pytest.raises(ConfigurationError, match=r"QUIZFLOW_DB_SECRET_ARN is set .* reads no"):
        resolve_database_url(Settings(db_secret_arn=arn))


def test_the_secret_is_read_once_per_container(secretsmanager: Any) -> None:
    arn = put_secret(secretsmanager, {"host": "a", "username": "u", "password": "one"})
    assert secrets.database_credentials(arn).password == "one"
    secretsmanager.put_secret_value(
        SecretId=arn, SecretString=json.dumps({"host": "a", "username": "u", "password": "two"})
    )
    assert secrets.database_credentials(arn).password == "one"
    assert secrets.database_credentials(arn, refresh=True).password == "two"


def test_the_handler_serves_with_credentials_from_secrets_manager(
    database: URL, author_token: str, secretsmanager: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = put_secret(secretsmanager, credentials_of(database))
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:wrong@127.0.0.1:1/nothing")
    monkeypatch.setenv("QUIZFLOW_DB_SECRET_ARN", arn)
    monkeypatch.setenv("QUIZFLOW_DB_SSLMODE", "disable")  # the test server has no TLS
    monkeypatch.setenv("QUIZFLOW_DB_STARTUP_OPTIONS", "false")  # as behind RDS Proxy
    status, _, me = invoke(http_event("GET", "/me", token=author_token))
    assert (status, me["email"]) == (200, "ada@example.org")


def test_a_rotated_secret_is_read_again_when_a_new_connection_is_refused(
    database: URL, secretsmanager: Any
) -> None:
    stale = {**credentials_of(database), "username": "rotated_away"}
    arn = put_secret(secretsmanager, stale)
    engine = engine_from_settings(
        Settings(db_secret_arn=arn, db_sslmode="disable"), credentials=secrets
    )
    try:
        secrets.database_credentials(arn)  # cached: the role that no longer exists
        secretsmanager.put_secret_value(
            SecretId=arn, SecretString=json.dumps(credentials_of(database))
        )
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_database()")).scalar() == database.database
    finally:
        engine.dispose()


def test_a_missing_secret_is_a_configuration_error(secretsmanager: Any) -> None:
    arn = f"arn:aws:secretsmanager:{REGION}:123456789012:secret:quizflow/absent-AbCdEf"
    with pytest.raises(ConfigurationError, match=r"cannot read the database secret .*NotFound"):
        secrets.database_credentials(arn)


def test_a_malformed_secret_names_what_is_missing_but_no_values(secretsmanager: Any) -> None:
    arn = put_secret(secretsmanager, {"host": "db", "username": "app", "pass": "hunter2"})
    with pytest.raises(ConfigurationError, match="lacks password") as caught:
        secrets.database_credentials(arn)
    assert "hunter2" not in caught.value.message
    not_json = put_secret(secretsmanager, "host=db password=hunter2")
    with pytest.raises(ConfigurationError, match="is not JSON") as caught:
        secrets.database_credentials(not_json)
    assert "hunter2" not in caught.value.message


def test_an_arn_that_is_not_a_secrets_manager_arn_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="must be a Secrets Manager ARN"):
        secrets.database_credentials("quizflow/prod/database")


def test_an_unreachable_secrets_manager_is_database_unavailable(
    secretsmanager: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", f"http://127.0.0.1:{free_port()}")
    arn = f"arn:aws:secretsmanager:{REGION}:123456789012:secret:quizflow/db-AbCdEf"
    with pytest.raises(DatabaseUnavailableError, match="cannot reach Secrets Manager"):
        secrets.database_credentials(arn)
