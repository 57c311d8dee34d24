#!/usr/bin/env bash
# ClawOps live ring, recordings for docs/research/gateway-2026-12.md: starts a fresh mock + real gateway per
# gateway configuration (tests/live/gateway.sh up), runs the scenario groups against it, writes the traces, and
# always tears the gateway down (by its pid).
#
#   tests/live/record/record.sh [--out DIR] [--keep-logs DIR] [approvals] [policy] [inject] [forbidden]  (default: all)
#
#   approvals  gateway with tools.exec.mode "ask" (config-approvals.json)  -> DIR/trace-approvals.jsonl
#   policy     harness default config                                       -> DIR/trace-policy.jsonl
#   inject     harness default config, mock with --dump                     -> DIR/trace-inject.jsonl
#   forbidden  harness default config                                       -> DIR/trace-forbidden.jsonl
# Each trace gets a DIR/<name>-summary.json with the RPC results the scenario collected. DIR defaults to
# tests/data/traces. --keep-logs copies each gateway's logs (gateway, openclaw.log, mock requests and the dumped model
# request bodies) to DIR/<groups> before the teardown. policy, inject and forbidden share one gateway. Needs the npm registry on the first run
# (tests/live/install.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIVE="$(cd "$HERE/.." && pwd)"
out="$(cd "$LIVE/../data/traces" && pwd)"
groups=()
keep_logs=""
while (($#)); do
    case "$1" in
        --out) mkdir -p "$2"; out="$(cd "$2" && pwd)"; shift 2 ;;
        --keep-logs) mkdir -p "$2"; keep_logs="$(cd "$2" && pwd)"; shift 2 ;;
        approvals|policy|inject|forbidden) groups+=("$1"); shift ;;
        *) echo "record.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
((${#groups[@]})) || groups=(approvals policy inject forbidden)

eval "$("$LIVE/install.sh" --quiet --env)"
export CLAWOPS_LIVE_NODE CLAWOPS_LIVE_NODE_BIN_DIR CLAWOPS_LIVE_OPENCLAW CLAWOPS_LIVE_OPENCLAW_DIR CLAWOPS_LIVE_CACHE_ROOT

dir=""
cleanup() { [[ -n "$dir" && -d "$dir" ]] && "$LIVE/gateway.sh" down --dir "$dir" >/dev/null 2>&1 || true; dir=""; }
keep() { # label
    [[ -n "$keep_logs" && -n "$dir" && -d "$dir/logs" ]] || return 0
    rm -rf "${keep_logs:?}/$1"; cp -r "$dir/logs" "$keep_logs/$1"
}
trap cleanup EXIT INT TERM

# up CONFIG_EXTRA(or "") -> sets $dir and sources its env.sh
up() {
    dir="$(mktemp -d "${TMPDIR:-/tmp}/clawops-record.XXXXXX")"
    touch "$dir/.clawops-owned"
    CLAWOPS_LIVE_CONFIG_EXTRA="$1" CLAWOPS_LIVE_MOCK_DUMP=1 CLAWOPS_LIVE_LIFETIME=1500 \
        "$LIVE/gateway.sh" up --dir "$dir" >/dev/null
    # shellcheck disable=SC1091
    source "$dir/env.sh"
    export CLAWOPS_LIVE_URL CLAWOPS_LIVE_TOKEN CLAWOPS_LIVE_DIR CLAWOPS_LIVE_MOCK_URL CLAWOPS_LIVE_MOCK_LOG
}
record() { # group
    echo "[record] $1 -> $out/trace-$1.jsonl" >&2
    "$CLAWOPS_LIVE_NODE" "$HERE/record.mjs" "$1" --out "$out/trace-$1.jsonl" --summary "$out/trace-$1-summary.json"
}
has() { local g; for g in "${groups[@]}"; do [[ $g == "$1" ]] && return 0; done; return 1; }

rc=0
if has approvals; then
    up "$HERE/config-approvals.json"
    record approvals || rc=1
    keep approvals
    cleanup
fi
if has policy || has inject || has forbidden; then
    up ""
    for g in policy inject forbidden; do has "$g" && { record "$g" || rc=1; }; done
    keep default-config
    cleanup
fi
exit $rc
