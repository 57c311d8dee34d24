#!/usr/bin/env bash
# ctest entry for live_engine (runs inside with-gateway.sh, on ONE gateway):
#   1. the engine scenarios: tst_live_engine (the path is the first argument; the rest go to it)
#   2. then the engine-independent smoke (run-smoke.sh) on the same gateway. It costs about a minute
#      more than a gateway start would, and it tells a broken gateway/mock apart from a broken engine
#      when step 1 fails. It runs after step 1 so that the engine never sees the smoke's spawns.
#      CLAWOPS_LIVE_SMOKE=0 leaves it out.
# Exit status: 0 only when both passed. A TERM/INT is passed on to the running step by its pid.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
(($#)) || { echo "usage: run-live.sh TST_LIVE_ENGINE [ARGS...]" >&2; exit 2; }
test_bin=$1
shift

child=""
stop_child() {
    if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
        kill -TERM "$child" 2>/dev/null
        for _ in $(seq 24); do kill -0 "$child" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$child" 2>/dev/null
    fi
    exit "$1"
}
trap 'stop_child 143' TERM
trap 'stop_child 130' INT
run() { # runs one step in the background, so that a signal reaches this script while it waits
    "$@" &
    child=$!
    wait "$child"
    local rc=$?
    child=""
    return "$rc"
}

t0=$(date +%s)
engine_log=$(mktemp "${TMPDIR:-/tmp}/clawops-live-engine.XXXXXX")
run "$test_bin" "$@" > "$engine_log" 2>&1
rc_engine=$?
cat "$engine_log"
t1=$(date +%s)
echo "[live] engine scenarios: $((t1 - t0))s, exit $rc_engine" >&2
rc_smoke=0
if [[ "${CLAWOPS_LIVE_SMOKE:-1}" != 0 ]]; then
    run "$HERE/run-smoke.sh" >&2
    rc_smoke=$?
    echo "[live] smoke: $(($(date +%s) - t1))s, exit $rc_smoke" >&2
fi
# Last, so that a log cut in the middle (CI keeps its head and tail) still names what failed.
if ((rc_engine != 0)); then
    echo "[live] engine failures:" >&2
    grep -A2 -E '^(FAIL!|XPASS|QFATAL)' "$engine_log" | cut -c1-400 >&2
fi
rm -f "$engine_log"
((rc_engine == 0 && rc_smoke == 0))
