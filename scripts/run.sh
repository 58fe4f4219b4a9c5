#!/usr/bin/env bash
# Install what is missing, then start the portal with its embedded defaults on :3000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
PORT=${PORT:-3000}
# Prometheus samples of every backend worker of this instance, summed by /metrics; fresh at each start.
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-${PORTAL_LOCAL_DIR:-.local}/metrics}
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
exec reflex run --env prod --frontend-port "$PORT" --backend-port "$PORT"
