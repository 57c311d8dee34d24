#!/usr/bin/env bash
# ClawOps live ring: start/stop a real OpenClaw gateway and the scripted mock model on loopback.
# Every process runs under `timeout` in its own process group; stdout prints one JSON object.
#
#   gateway.sh mock-start [--dir D] [--lifetime S] [--port P] [--dump]
#       (--dump or CLAWOPS_LIVE_MOCK_DUMP=1: every model request body+headers in D/logs/dump/req-N.json)
#       -> {"pid","port","dir","log","url"}            (D/mock.json, D/mock.pid)
#   gateway.sh mock-stop  (--pid P | --dir D) [--grace S]
#   gateway.sh start [--state-dir D] [--port P] [--token T] --mock-port M [--lifetime S] [--ready-timeout S]
#       -> {"pid","gatewayPid","port","token","url","httpUrl","stateDir","configPath","log","gatewayLog",
#           "mockPort","launchToReadyMs","launchToChallengeMs"}          (D/gateway.json, D/gateway.pid)
#       Without --state-dir a temp dir is made (and removed by `stop --cleanup`). --port/--token/--mock-port
#       default to the values of an earlier start in the same D, else a free port / a random token.
#   gateway.sh stop (--pid P | --state-dir D) [--grace S] [--kill] [--cleanup]
#       SIGTERM to the process group of P, SIGKILL after the grace (default 15 s); children included.
#       An idle gateway exits 1-2 s after SIGTERM; with runs in flight it drains them for up to 315 s
#       (not configurable outside systemd), so the grace decides. --kill: SIGKILL at once (a crash).
#       A live P whose command line is not a harness gateway/mock is left alone ({"stopped":false}).
#       --cleanup also removes D when this script created it, and /tmp/openclaw (see below).
#       -> {"stopped":true,"pid","ms","forced"}
#   gateway.sh restart --state-dir D [--grace S] [--kill] [--ready-timeout S]
#       stop, then start again on the same port, token, state and mock -> the start JSON
#   gateway.sh up [--dir D] [--lifetime S]       mock + gateway in D (default: a new temp dir);
#       writes D/env.sh (CLAWOPS_LIVE_* exports) -> {"dir","url","token","port","mockPort","mockUrl",
#       "gatewayPid","mockPid","stateDir","launchToReadyMs"}
#   gateway.sh down --dir D [--keep]             stop both, remove /tmp/openclaw if we made it, remove D
#       (a D the caller made itself: only what the harness put in it)
#   gateway.sh env --dir D                       print D/env.sh
#   gateway.sh install                           tests/live/install.sh
#
# Defaults: CLAWOPS_LIVE_LIFETIME (900 s), CLAWOPS_LIVE_READY_TIMEOUT (240 s: 20-25 s is usual, a 2-core box
# busy with parallel compiles (load 15) has taken 105-165 s).
# pid = the `timeout` wrapper, which leads the process group of the gateway (gatewayPid) and its workers.
# Lifetimes: gateway/mock default 900 s; they die by themselves after that even if nobody stops them.
#
# /tmp/openclaw: openclaw 2026.9.6 hard-codes this shared temp root (session-archive read cache; logs go
# to D/logs because logging.file is set). It cannot be moved. A start records whether it already existed;
# cleanup removes it only when this state dir's first start created it and no other openclaw-gateway
# process is running, else only when it is empty.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEFAULT_LIFETIME=${CLAWOPS_LIVE_LIFETIME:-900}
DEFAULT_READY_TIMEOUT=${CLAWOPS_LIVE_READY_TIMEOUT:-240}

die() { printf '[live-gateway] ERROR: %s\n' "$*" >&2; exit 1; }
note() { printf '[live-gateway] %s\n' "$*" >&2; }
jstr() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
now_ms() { date +%s%3N; }

load_install() {
    [[ -n "${CLAWOPS_LIVE_NODE:-}" && -n "${CLAWOPS_LIVE_OPENCLAW:-}" && -n "${CLAWOPS_LIVE_CACHE_ROOT:-}" && -x "${CLAWOPS_LIVE_NODE:-}" ]] && return 0
    local out
    out="$("$HERE/install.sh" --quiet --env)" || die "the live install failed (see above)"
    eval "$out"
}

# JSON field of a small flat JSON file (values we wrote ourselves)
jget() { # file key
    [[ -f "$1" ]] || return 0
    "$CLAWOPS_LIVE_NODE" -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const v=o[process.argv[2]];if(v!==undefined&&v!==null)process.stdout.write(String(v))' "$1" "$2"
}

alive() { kill -0 "$1" 2>/dev/null; }
group_alive() { kill -0 -- "-$1" 2>/dev/null; }

descendants() { # pid -> all descendant pids (any process group)
    local ps_out
    ps_out="$(ps -e -o pid=,ppid=)"
    local -a queue=("$1") out=()
    while ((${#queue[@]})); do
        local p=${queue[0]}
        queue=("${queue[@]:1}")
        local c
        for c in $(awk -v p="$p" '$2==p {print $1}' <<<"$ps_out"); do out+=("$c"); queue+=("$c"); done
    done
    echo "${out[@]:-}"
}

# stop_tree PID GRACE_SECONDS [SIGNAL] [EXPECT] -> prints {"stopped":true,...}
# EXPECT: a string the command line of a live PID must contain (guards against a stale, reused pid)
stop_tree() {
    local pid=$1 grace=$2 sig=${3:-TERM} expect=${4:-} t0 forced=false
    t0=$(now_ms)
    [[ "$pid" =~ ^[0-9]+$ ]] || die "not a pid: $pid"
    if [[ -n "$expect" ]] && alive "$pid" && ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE -- "$expect"; then
        note "pid $pid is not ours (its command line lacks '$expect'): left alone"
        printf '{"stopped":false,"pid":%s,"reason":"not a harness process"}\n' "$pid"
        return 0
    fi
    local kids pgid=""
    kids="$(descendants "$pid")"
    pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    if [[ $sig == KILL ]]; then
        grace=0
    elif alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
    fi
    local deadline=$(( $(now_ms) + grace * 1000 ))
    local k
    while (( $(now_ms) < deadline )); do
        local any=false
        alive "$pid" && any=true
        [[ "$pgid" == "$pid" ]] && group_alive "$pid" && any=true
        for k in $kids; do alive "$k" && any=true; done
        [[ $any == false ]] && break
        sleep 0.2
    done
    if alive "$pid" || { [[ "$pgid" == "$pid" ]] && group_alive "$pid"; }; then forced=true; fi
    for k in $kids; do alive "$k" && forced=true; done
    if [[ $forced == true ]]; then
        [[ $sig == KILL ]] || note "pid $pid did not stop within ${grace}s: SIGKILL"
        [[ "$pgid" == "$pid" ]] && kill -KILL -- "-$pid" 2>/dev/null || true
        kill -KILL "$pid" 2>/dev/null || true
        for k in $kids; do kill -KILL "$k" 2>/dev/null || true; done
        sleep 0.2
    fi
    printf '{"stopped":true,"pid":%s,"ms":%s,"forced":%s}\n' "$pid" "$(( $(now_ms) - t0 ))" "$forced"
}

# ------------------------------------------------------------------------------------------ mock
cmd_mock_start() {
    local dir="" lifetime=$DEFAULT_LIFETIME port=0 dump=${CLAWOPS_LIVE_MOCK_DUMP:-0}
    while (($#)); do case "$1" in
        --dir) dir=$2; shift 2 ;; --lifetime) lifetime=$2; shift 2 ;; --port) port=$2; shift 2 ;;
        --dump) dump=1; shift ;;
        *) die "mock-start: unknown argument $1" ;; esac; done
    load_install
    if [[ -z "$dir" ]]; then dir="$(mktemp -d "${TMPDIR:-/tmp}/clawops-live.XXXXXX")"; touch "$dir/.clawops-owned"; fi
    mkdir -p "$dir/logs"
    dir="$(cd "$dir" && pwd)"
    if [[ -f "$dir/mock.pid" ]] && alive "$(cat "$dir/mock.pid")"; then die "a mock already runs for $dir (pid $(cat "$dir/mock.pid"))"; fi
    rm -f "$dir/mock.port"
    local -a extra=()
    if [[ "$dump" == 1 ]]; then mkdir -p "$dir/logs/dump"; extra=(--dump-dir "$dir/logs/dump"); fi
    ( cd "$dir" && exec setsid timeout -k 5 $((lifetime + 30)) "$CLAWOPS_LIVE_NODE" "$HERE/mock-model.mjs" \
        "${extra[@]}" --port "$port" --port-file "$dir/mock.port" --log "$dir/logs/mock-requests.jsonl" --lifetime "$lifetime" \
        </dev/null >>"$dir/logs/mock.out" 2>&1 ) &
    local pid=$!
    echo "$pid" >"$dir/mock.pid"
    local i
    for i in $(seq 1 100); do
        [[ -s "$dir/mock.port" ]] && break
        alive "$pid" || { tail -n 20 "$dir/logs/mock.out" >&2; die "the mock model exited at start"; }
        sleep 0.1
    done
    [[ -s "$dir/mock.port" ]] || { stop_tree "$pid" 3 >/dev/null; die "the mock model did not report its port within 10 s"; }
    local port; port="$(tr -d '\n' <"$dir/mock.port")"
    local json
    json="$(printf '{"pid":%s,"port":%s,"dir":%s,"log":%s,"url":%s}' "$pid" "$port" "$(jstr "$dir")" \
        "$(jstr "$dir/logs/mock-requests.jsonl")" "$(jstr "http://127.0.0.1:$port/v1")")"
    echo "$json" >"$dir/mock.json"
    echo "$json"
}

cmd_mock_stop() {
    local pid="" dir="" grace=5
    while (($#)); do case "$1" in
        --pid) pid=$2; shift 2 ;; --dir) dir=$2; shift 2 ;; --grace) grace=$2; shift 2 ;;
        *) die "mock-stop: unknown argument $1" ;; esac; done
    [[ -z "$pid" && -n "$dir" && -f "$dir/mock.pid" ]] && pid="$(cat "$dir/mock.pid")"
    [[ -n "$pid" ]] || die "mock-stop: --pid or --dir with a mock.pid is required"
    stop_tree "$pid" "$grace" TERM "mock-model.mjs"
    [[ -n "$dir" ]] && rm -f "$dir/mock.pid"
    return 0
}

# ------------------------------------------------------------------------------------------ gateway
cmd_start() {
    local dir="" port="" token="" mock_port="" lifetime=$DEFAULT_LIFETIME ready_timeout=$DEFAULT_READY_TIMEOUT
    while (($#)); do case "$1" in
        --state-dir) dir=$2; shift 2 ;; --port) port=$2; shift 2 ;; --token) token=$2; shift 2 ;;
        --mock-port) mock_port=$2; shift 2 ;; --lifetime) lifetime=$2; shift 2 ;;
        --ready-timeout) ready_timeout=$2; shift 2 ;;
        *) die "start: unknown argument $1" ;; esac; done
    load_install
    if [[ -z "$dir" ]]; then dir="$(mktemp -d "${TMPDIR:-/tmp}/clawops-live.XXXXXX")"; touch "$dir/.clawops-owned"; fi
    mkdir -p "$dir/state" "$dir/home" "$dir/logs" "$dir/tmp" "$CLAWOPS_LIVE_CACHE_ROOT/compile-cache"
    dir="$(cd "$dir" && pwd)"
    # the gateway's os.tmpdir() is per run, except Node's compile cache, which stays warm across runs
    ln -sfn "$CLAWOPS_LIVE_CACHE_ROOT/compile-cache" "$dir/tmp/node-compile-cache"
    local prev="$dir/gateway.json"
    [[ -n "$port" ]] || port="$(jget "$prev" port)"
    [[ -n "$token" ]] || token="$(jget "$prev" token)"
    [[ -n "$mock_port" ]] || mock_port="$(jget "$prev" mockPort)"
    [[ -n "$mock_port" ]] || { [[ -s "$dir/mock.port" ]] && mock_port="$(tr -d '\n' <"$dir/mock.port")"; }
    [[ -n "$mock_port" ]] || die "start: --mock-port is required (start the mock first: gateway.sh mock-start)"
    [[ -n "$port" ]] || port="$("$CLAWOPS_LIVE_NODE" "$HERE/harness.mjs" free-port)"
    [[ -n "$token" ]] || token="clawops-live-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    if [[ -f "$dir/gateway.pid" ]] && alive "$(cat "$dir/gateway.pid")"; then
        die "a gateway already runs for $dir (pid $(cat "$dir/gateway.pid")); stop it first"
    fi
    # remember whether /tmp/openclaw predates our first start (see header)
    if [[ ! -f "$dir/.tmp-openclaw-state" ]]; then
        if [[ -e /tmp/openclaw ]]; then echo existed >"$dir/.tmp-openclaw-state"; else echo created >"$dir/.tmp-openclaw-state"; fi
    fi
    local config="$dir/state/openclaw.json"
    "$CLAWOPS_LIVE_NODE" "$HERE/harness.mjs" write-config --file "$config" --port "$port" --token "$token" \
        --mock-port "$mock_port" --log-file "$dir/logs/openclaw.log"
    local gwlog="$dir/logs/gateway.out"
    echo "=== gateway start $(date -u +%FT%T.%3NZ) port $port ===" >>"$gwlog"
    local t0; t0=$(now_ms)
    (
        cd "$dir"
        # isolate: nothing of the caller's OpenClaw / XDG environment leaks in
        for v in $(compgen -e); do case "$v" in OPENCLAW_*|XDG_*) unset "$v" ;; esac; done
        export PATH="$CLAWOPS_LIVE_NODE_BIN_DIR:$PATH"
        export HOME="$dir/home" OPENCLAW_HOME="$dir/home" TMPDIR="$dir/tmp"
        export OPENCLAW_STATE_DIR="$dir/state" OPENCLAW_CONFIG_PATH="$config"
        export OPENCLAW_DISABLE_BONJOUR=1 OPENCLAW_SKIP_CHANNELS=1 OPENCLAW_NO_RESPAWN=1 OPENCLAW_OFFLINE=1
        export OPENCLAW_NO_AUTO_UPDATE=1 OPENCLAW_EXEC_SHELL_SNAPSHOT=0
        exec setsid timeout -k 10 "$lifetime" "$CLAWOPS_LIVE_NODE" "$CLAWOPS_LIVE_OPENCLAW" gateway run \
            --port "$port" --bind loopback --auth token --verbose </dev/null >>"$gwlog" 2>&1
    ) &
    local pid=$!
    echo "$pid" >"$dir/gateway.pid"
    local ready
    if ! ready="$("$CLAWOPS_LIVE_NODE" "$HERE/harness.mjs" wait-ready --port "$port" --pid "$pid" --timeout "$ready_timeout")"; then
        note "gateway log tail ($gwlog):"
        tail -n 40 "$gwlog" | sed 's/\x1b\[[0-9;]*m//g' >&2
        stop_tree "$pid" 5 >/dev/null
        rm -f "$dir/gateway.pid"
        die "the gateway did not become ready on 127.0.0.1:$port"
    fi
    local t_ready=$(( $(now_ms) - t0 ))
    local challenge_ms; challenge_ms="$(sed -E 's/.*"challengeMs":([0-9]+).*/\1/' <<<"$ready")"
    local gpid; gpid="$(ps -o pid= --ppid "$pid" | head -n1 | tr -d ' ')"
    local json
    json="$(printf '{"pid":%s,"gatewayPid":%s,"port":%s,"token":%s,"url":%s,"httpUrl":%s,"stateDir":%s,"configPath":%s,"log":%s,"gatewayLog":%s,"mockPort":%s,"launchToReadyMs":%s,"launchToChallengeMs":%s}' \
        "$pid" "${gpid:-null}" "$port" "$(jstr "$token")" "$(jstr "ws://127.0.0.1:$port/")" "$(jstr "http://127.0.0.1:$port/")" \
        "$(jstr "$dir")" "$(jstr "$config")" "$(jstr "$dir/logs/openclaw.log")" "$(jstr "$gwlog")" "$mock_port" "$t_ready" \
        "$(( t_ready - $(sed -E 's/.*"readyMs":([0-9]+).*/\1/' <<<"$ready") + challenge_ms ))")"
    echo "$json" >"$dir/gateway.json"
    note "gateway ready on 127.0.0.1:$port in ${t_ready} ms (pid $pid)"
    echo "$json"
}

cleanup_tmp_openclaw() { # dir
    local dir=$1
    # lock files openclaw keeps in /tmp/openclaw-state-locks-<uid>/<family>.<sha256(db path)[0:8]>.lock.sqlite
    local locks="/tmp/openclaw-state-locks-$(id -u)" f h
    if [[ -d "$locks" && -d "$dir/state" ]]; then
        while IFS= read -r -d '' f; do
            h="$(printf '%s' "$(readlink -f "$f")" | sha256sum | cut -c1-8)"
            rm -f "$locks"/*."$h".lock.sqlite
        done < <(find "$dir/state" -name '*.sqlite' -print0)
        rmdir "$locks" 2>/dev/null || true
    fi
    [[ -d /tmp/openclaw ]] || return 0
    if [[ "$(cat "$dir/.tmp-openclaw-state" 2>/dev/null)" == created ]]; then
        if ps -e -o comm= | grep -qx 'openclaw-gatewa\|openclaw-gateway'; then
            note "/tmp/openclaw kept: another openclaw-gateway is running"
        else
            rm -rf /tmp/openclaw
        fi
    else
        rmdir /tmp/openclaw 2>/dev/null || true
    fi
}

cmd_stop() {
    local pid="" dir="" grace=15 cleanup=false sig=TERM
    while (($#)); do case "$1" in
        --pid) pid=$2; shift 2 ;; --state-dir) dir=$2; shift 2 ;; --grace) grace=$2; shift 2 ;;
        --cleanup) cleanup=true; shift ;; --kill) sig=KILL; shift ;;
        *) die "stop: unknown argument $1" ;; esac; done
    [[ -z "$pid" && -n "$dir" && -f "$dir/gateway.pid" ]] && pid="$(cat "$dir/gateway.pid")"
    if [[ -n "$pid" ]]; then
        stop_tree "$pid" "$grace" "$sig" "gateway run|openclaw-gateway"
    else
        [[ -n "$dir" ]] || die "stop: --pid or --state-dir is required"
        echo '{"stopped":false,"reason":"no gateway.pid"}'
    fi
    if [[ -n "$dir" ]]; then
        rm -f "$dir/gateway.pid"
        if [[ $cleanup == true ]]; then
            cleanup_tmp_openclaw "$dir"
            [[ -f "$dir/.clawops-owned" ]] && rm -rf "$dir"
        fi
    fi
    return 0
}

cmd_restart() {
    local dir="" grace=15 ready_timeout=$DEFAULT_READY_TIMEOUT kill=""
    while (($#)); do case "$1" in
        --state-dir) dir=$2; shift 2 ;; --grace) grace=$2; shift 2 ;; --ready-timeout) ready_timeout=$2; shift 2 ;;
        --kill) kill=--kill; shift ;;
        *) die "restart: unknown argument $1" ;; esac; done
    [[ -n "$dir" && -f "$dir/gateway.json" ]] || die "restart: --state-dir of a started gateway is required"
    if [[ -f "$dir/gateway.pid" ]]; then cmd_stop --state-dir "$dir" --grace "$grace" $kill >&2; fi
    cmd_start --state-dir "$dir" --ready-timeout "$ready_timeout"
}

# ------------------------------------------------------------------------------------------ up/down
cmd_up() {
    local dir="" lifetime=$DEFAULT_LIFETIME
    while (($#)); do case "$1" in
        --dir) dir=$2; shift 2 ;; --lifetime) lifetime=$2; shift 2 ;;
        *) die "up: unknown argument $1" ;; esac; done
    load_install
    if [[ -z "$dir" ]]; then dir="$(mktemp -d "${TMPDIR:-/tmp}/clawops-live.XXXXXX")"; touch "$dir/.clawops-owned"; fi
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    local mock gw
    mock="$(cmd_mock_start --dir "$dir" --lifetime "$lifetime")"
    local mock_port mock_pid
    mock_port="$(jget "$dir/mock.json" port)"; mock_pid="$(jget "$dir/mock.json" pid)"
    if ! gw="$(cmd_start --state-dir "$dir" --mock-port "$mock_port" --lifetime "$lifetime")"; then
        stop_tree "$mock_pid" 3 >/dev/null
        exit 1
    fi
    local f="$dir/gateway.json"
    {
        printf 'export CLAWOPS_LIVE_DIR=%q\n' "$dir"
        printf 'export CLAWOPS_LIVE_URL=%q\n' "$(jget "$f" url)"
        printf 'export CLAWOPS_LIVE_TOKEN=%q\n' "$(jget "$f" token)"
        printf 'export CLAWOPS_LIVE_PORT=%q\n' "$(jget "$f" port)"
        printf 'export CLAWOPS_LIVE_GATEWAY_PID=%q\n' "$(jget "$f" pid)"
        printf 'export CLAWOPS_LIVE_MOCK_PORT=%q\n' "$mock_port"
        printf 'export CLAWOPS_LIVE_MOCK_URL=%q\n' "http://127.0.0.1:$mock_port"
        printf 'export CLAWOPS_LIVE_MOCK_PID=%q\n' "$mock_pid"
        printf 'export CLAWOPS_LIVE_MOCK_LOG=%q\n' "$dir/logs/mock-requests.jsonl"
        printf 'export CLAWOPS_LIVE_GATEWAY_LOG=%q\n' "$dir/logs/openclaw.log"
        printf 'export CLAWOPS_LIVE_GATEWAY_SH=%q\n' "$HERE/gateway.sh"
        printf 'export CLAWOPS_LIVE_NODE=%q\n' "$CLAWOPS_LIVE_NODE"
    } >"$dir/env.sh"
    printf '{"dir":%s,"url":%s,"token":%s,"port":%s,"mockPort":%s,"mockUrl":%s,"gatewayPid":%s,"mockPid":%s,"stateDir":%s,"launchToReadyMs":%s}\n' \
        "$(jstr "$dir")" "$(jstr "$(jget "$f" url)")" "$(jstr "$(jget "$f" token)")" "$(jget "$f" port)" "$mock_port" \
        "$(jstr "http://127.0.0.1:$mock_port")" "$(jget "$f" pid)" "$mock_pid" "$(jstr "$dir")" "$(jget "$f" launchToReadyMs)"
}

cmd_down() {
    local dir="" keep=false
    while (($#)); do case "$1" in
        --dir) dir=$2; shift 2 ;; --keep) keep=true; shift ;;
        *) die "down: unknown argument $1" ;; esac; done
    [[ -n "$dir" && -d "$dir" ]] || die "down: --dir of an existing harness dir is required"
    [[ -f "$dir/gateway.pid" ]] && cmd_stop --state-dir "$dir" --grace 10 >&2
    [[ -f "$dir/mock.pid" ]] && cmd_mock_stop --dir "$dir" >&2
    cleanup_tmp_openclaw "$dir"
    if [[ $keep == false ]]; then
        if [[ -f "$dir/.clawops-owned" ]]; then
            rm -rf "$dir"
        else # a caller-provided dir: remove only what the harness put there
            rm -rf "$dir"/{state,home,logs,tmp} "$dir"/{gateway,mock}.{json,pid} "$dir"/{mock.port,env.sh,.tmp-openclaw-state}
            rmdir "$dir" 2>/dev/null || true
        fi
    fi
    echo '{"down":true}'
}

cmd="${1:-}"; shift || true
case "$cmd" in
    mock-start) cmd_mock_start "$@" ;;
    mock-stop) cmd_mock_stop "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart) cmd_restart "$@" ;;
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    env) [[ -f "${2:-}/env.sh" ]] && cat "$2/env.sh" || die "env: --dir D of an up harness" ;;
    install) exec "$HERE/install.sh" "$@" ;;
    -h|--help|help|"") sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
    *) die "unknown command $cmd (try --help)" ;;
esac
