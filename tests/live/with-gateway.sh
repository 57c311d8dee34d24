#!/usr/bin/env bash
# ClawOps live ring: run one command against a fresh real OpenClaw gateway + the scripted mock model.
#
#   tests/live/with-gateway.sh [--lifetime S] [--logs-to DIR] [--budget S] -- COMMAND [ARGS...]
#
# 1. installs Node + openclaw when missing (tests/live/install.sh; fails, never skips, without the registry)
# 2. `gateway.sh up` in a new temp dir: mock model + gateway on 127.0.0.1, both bounded by --lifetime
# 3. runs COMMAND with the pinned Node first on PATH and these variables exported:
#      CLAWOPS_LIVE_URL (ws://127.0.0.1:<port>/)  CLAWOPS_LIVE_TOKEN  CLAWOPS_LIVE_PORT
#      CLAWOPS_LIVE_MOCK_URL (http://127.0.0.1:<port>)  CLAWOPS_LIVE_MOCK_PORT  CLAWOPS_LIVE_MOCK_LOG
#      CLAWOPS_LIVE_DIR (harness dir: state/, logs/, gateway.json)  CLAWOPS_LIVE_GATEWAY_PID
#      CLAWOPS_LIVE_MOCK_PID  CLAWOPS_LIVE_GATEWAY_LOG  CLAWOPS_LIVE_GATEWAY_SH  CLAWOPS_LIVE_NODE
#    (restart the gateway from the command: "$CLAWOPS_LIVE_GATEWAY_SH" restart --state-dir "$CLAWOPS_LIVE_DIR")
# 4. always (exit, error, SIGINT/SIGTERM): stops both by PID and removes the temp dir; --logs-to copies the
#    harness logs (gateway, openclaw.log, mock requests) there first. CLAWOPS_LIVE_KEEP=1 keeps the dir.
# --budget S bounds install + up + COMMAND: COMMAND is stopped (TERM, then KILL) when it would run past it,
# leaving 30 s for the cleanup, so that the caller's own timeout (CTest's TIMEOUT, which only kills this
# script) never orphans the gateway.
# Exit status: the command's, or 1 when the harness itself failed or the budget ran out.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lifetime=${CLAWOPS_LIVE_LIFETIME:-900}
logs_to=""
budget=""
while (($#)); do
    case "$1" in
        --lifetime) lifetime=$2; shift 2 ;;
        --logs-to) logs_to=$2; shift 2 ;;
        --budget) budget=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "with-gateway.sh: unknown argument $1 (the command goes after --)" >&2; exit 2 ;;
    esac
done
(($#)) || { echo "usage: with-gateway.sh [--lifetime S] [--logs-to DIR] -- COMMAND [ARGS...]" >&2; exit 2; }

say() { printf '[live] %s\n' "$*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

t_all=$(now)
t=$(now)
install_json="$("$HERE/install.sh")" || { say "FAILED: the live install failed (see above)"; exit 1; }
eval "$("$HERE/install.sh" --quiet --env)"
export CLAWOPS_LIVE_NODE CLAWOPS_LIVE_NODE_BIN_DIR CLAWOPS_LIVE_OPENCLAW CLAWOPS_LIVE_OPENCLAW_DIR CLAWOPS_LIVE_CACHE_ROOT
say "install: $(since "$t")s ($install_json)"

cmd_pid=""
dir="$(mktemp -d "${TMPDIR:-/tmp}/clawops-live.XXXXXX")"
touch "$dir/.clawops-owned"
finish() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "${cmd_pid:-}" ]] && kill -0 "$cmd_pid" 2>/dev/null; then
        kill -TERM "$cmd_pid" 2>/dev/null || true
        # a Qt test answers SIGTERM with a stack dump, which takes a few seconds under load
        for _ in $(seq 30); do kill -0 "$cmd_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$cmd_pid" 2>/dev/null || true
    fi
    local t; t=$(now)
    "$HERE/gateway.sh" down --dir "$dir" --keep >/dev/null || true
    local t_down; t_down=$(since "$t")
    if [[ -n "$logs_to" && -d "$dir/logs" ]]; then
        rm -rf "$logs_to" && mkdir -p "$logs_to" && cp -r "$dir/logs/." "$logs_to/" 2>/dev/null || true
        cp "$dir/state/openclaw.json" "$logs_to/openclaw.json" 2>/dev/null || true
        say "logs copied to $logs_to"
    fi
    if [[ "${CLAWOPS_LIVE_KEEP:-0}" == 1 ]]; then say "kept $dir"; else rm -rf "$dir"; fi
    say "down: ${t_down}s; total $(since "$t_all")s; exit $rc"
    exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t=$(now)
up_json="$("$HERE/gateway.sh" up --dir "$dir" --lifetime "$lifetime")" || { say "FAILED: the gateway did not come up"; exit 1; }
say "up: $(since "$t")s $up_json"
# shellcheck disable=SC1091
source "$dir/env.sh"
export PATH="$CLAWOPS_LIVE_NODE_BIN_DIR:$PATH"

t=$(now)
set +e
"$@" &
cmd_pid=$!
if [[ -n "$budget" ]]; then
    # seconds left for the command: the budget minus what install and up took, minus 30 s for the cleanup
    left=$(awk -v b="$budget" -v a="$t_all" -v n="$(now)" 'BEGIN{printf "%d", b-(n-a)-30}')
    say "command budget: ${left}s"
    t_cmd=$(date +%s)
    while kill -0 "$cmd_pid" 2>/dev/null; do
        if (($(date +%s) - t_cmd >= left)); then
            say "FAILED: the command ran past the live budget of ${budget}s; stopping it"
            exit 1 # finish() stops it by its pid
        fi
        sleep 1
    done
fi
wait "$cmd_pid"
rc=$?
cmd_pid=""
set -e
say "command: $(since "$t")s, exit $rc"
exit "$rc"
