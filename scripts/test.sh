#!/usr/bin/env bash
# Install what is missing (Chromium included), then run the whole test suite, browser tests too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
. scripts/env.sh
exec python -m pytest "$@"
