#!/usr/bin/env bash
# Install what is missing, then start the portal with its embedded defaults on :3000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
PORT=${PORT:-3000}
exec reflex run --env prod --frontend-port "$PORT" --backend-port "$PORT"
