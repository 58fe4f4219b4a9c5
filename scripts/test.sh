#!/usr/bin/env bash
# Install what is missing (Chromium included), then run the whole test suite, browser tests too,
# and then the browser journeys a second time on the production topology: PostgreSQL + Redis, two
# portal instances with two backend workers each behind nginx terminating TLS (https://localhost, a CA
# made for the run), a separate issuer and SMTP server. That second run fails (never skips) if the
# stack cannot start. Arguments go to the first pytest run only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
. scripts/env.sh
echo "== ruff and mypy =="
ruff check .
mypy
python -m pytest "$@"
if [ "$#" -eq 0 ]; then
  echo "== browser journeys on PostgreSQL + Redis, 2 instances x 2 workers, behind nginx with TLS =="
  PORTAL_E2E_STACK=scaled python -m pytest -m e2e tests/e2e
fi
