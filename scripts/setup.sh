#!/usr/bin/env bash
# Installs whatever is missing (idempotent): venv + Python packages, bun from the npm registry,
# the database schema, demo data. With --browser also Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
STAMP=.venv/.requirements.sha
SUM=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$SUM" ]; then
  echo "==> installing Python packages"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  echo "$SUM" > "$STAMP"
fi

if [ ! -x .tools/node_modules/.bin/bun ]; then
  echo "==> installing bun 1.4.4 from the npm registry"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --silent bun@1.4.4
fi

# The tests' browser, and the TLS proxy (nginx) with certutil, so Chromium can trust the test run's own CA.
if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/sbin/nginx ] || [ ! -x /usr/bin/certutil ]; }; then
  echo "==> installing Chromium, nginx and certutil from Debian"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium nginx libnss3-tools >/dev/null
fi

# shellcheck source=/dev/null
. scripts/env.sh
echo "==> migrating the database"
.venv/bin/python -c "import rxconfig"  # refuses unsafe production settings with the reasons, before anything changes
.venv/bin/alembic upgrade head
echo "==> loading demo data (development only)"
.venv/bin/python -m helsecert_portal.demo_data
