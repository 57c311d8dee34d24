#!/usr/bin/env bash
# ctest entry for live_gateway_smoke (runs inside with-gateway.sh): the smoke scenarios, in parallel.
# CLAWOPS_LIVE_SMOKE_SCENARIOS overrides the list (default "all"; e.g. "spawn", or "all restart").
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2086
SMOKE_PARALLEL=${SMOKE_PARALLEL:-1} exec "$CLAWOPS_LIVE_NODE" "$HERE/smoke.mjs" ${CLAWOPS_LIVE_SMOKE_SCENARIOS:-all}
