#!/usr/bin/env bash
# The server the browser suite runs against (Playwright's webServer starts and stops it):
# a fresh database, migrated, with the demo scenario and one learner per test journey.
#   TEST_DATABASE_URL set: a new database on that server; unset: an embedded PostgreSQL.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=${QUIZFLOW_PYTHON:-$here/../../.venv/bin/python}
port=${E2E_PORT:-8123}
state=$(mktemp -d "${TMPDIR:-/tmp}/quizflow-e2e-XXXXXX")
chmod 755 "$state"  # an embedded server run as root drops to its own user
export QUIZFLOW_DATA_DIR=$state/data QUIZFLOW_CONFIG_DIR=$state/config
export QUIZFLOW_PUBLIC_URL=http://127.0.0.1:$port QUIZFLOW_WEB_DIR=$here/../dist
# Every journey signs in from 127.0.0.1: the per-address limit (tested in tests/api) would
# otherwise count the whole suite as one visitor.
export QUIZFLOW_AUTH_RATE_LIMIT=10000
export QUIZFLOW_OPEN_SIGNUP=true  # off by default (tests/api covers that); on here to test the page
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  DATABASE_URL=$("$py" - <<'PY'
import os
from sqlalchemy import create_engine, text
from quizflow.db.engine import parse_database_url
server = parse_database_url(os.environ["TEST_DATABASE_URL"])
# One database per port, dropped and made afresh on each run: a run leaves at most this one.
name = f"qf_e2e_{int(os.environ.get('E2E_PORT', '8123'))}"
with create_engine(server, isolation_level="AUTOCOMMIT").connect() as conn:
    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    conn.execute(text(f'CREATE DATABASE "{name}"'))
print(server.set(database=name).render_as_string(hide_password=False))
PY
)
  export DATABASE_URL
fi
qf() { "$py" -m quizflow "$@"; }
qf db upgrade >/dev/null
qf demo load >/dev/null
qf demo accounts >/dev/null
for n in 1 2 3 4 5 6 7 8; do
  qf users create "learner$n@example.com" --role learner >/dev/null
  qf users set-password "learner$n@example.com" --password "e2e-password-$n" >/dev/null
done
# A second author, who must not see the first one's results (studio-results.spec.ts).
qf users create author2@example.com --role author >/dev/null
qf users set-password author2@example.com --password e2e-author2-pass >/dev/null
qf users create admin@example.com --role admin >/dev/null
qf users set-password admin@example.com --password e2e-admin-password >/dev/null
exec "$py" -m quizflow serve --port "$port"
