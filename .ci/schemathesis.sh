#!/usr/bin/env bash
# The OpenAPI document against the service: schemathesis generates requests
# from /openapi.json (its examples, the coverage of every documented bound,
# then fuzzing) and fails on any server error, any status a route does not
# document, or any undocumented content type.
#
# Runs the already-built debug binary (target/debug/stampede, as
# `cargo test --workspace` leaves it) on the embedded store in a fresh
# directory. Bounded: SCHEMATHESIS_MAX_EXAMPLES cases per operation and phase,
# SCHEMATHESIS_MAX_TIME seconds of testing, the whole script under 5 minutes.
# Each run draws a fresh seed, printed at the end; SCHEMATHESIS_SEED=n replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-10}
MAX_TIME=${SCHEMATHESIS_MAX_TIME:-120}
BIN=target/debug/stampede
VENV=target/ci-venv

if [ ! -x "$BIN" ]; then
  echo "$BIN is missing: build it first (cargo build -p stampede-node)" >&2
  exit 1
fi

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

work="$(mktemp -d)"
node_pid=""
stop_node() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_node EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
key="$(python3 -c 'import secrets; print("stk_" + secrets.token_hex(32))')"
base="http://127.0.0.1:$port"

# Failed authentications are not throttled: schemathesis sends requests
# without credentials on purpose, and the throttle would answer every later
# request 429 from this one address.
STAMPEDE_ADMIN_KEY="$key" STAMPEDE_AUTH_FAILURES_PER_MINUTE=0 \
  "$BIN" serve --listen "127.0.0.1:$port" --data-dir "$work/data" >"$work/node.log" 2>&1 &
node_pid=$!

ready=""
for _ in $(seq 1 100); do
  if curl -fsS "$base/readyz" >/dev/null 2>&1; then
    ready=1
    break
  fi
  if ! kill -0 "$node_pid" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  cat "$work/node.log" >&2
  echo "the node did not become ready on $base" >&2
  exit 1
fi

status=0
# `POST /cluster/leave` takes the node out of service for good (its /readyz
# answers 503 from then on, by design), so it is left out; api/tests/regions.rs
# covers it. The key goes in both headers the service reads: schemathesis fills the
# documented security schemes with its own values, and the service reads
# `Authorization` first.
timeout --kill-after=10 $((MAX_TIME + 60)) \
  "$VENV/bin/schemathesis" run "$base/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "$MAX_EXAMPLES" \
  --max-time "$MAX_TIME" \
  --exclude-path /v1/promotions/cluster/leave \
  --workers 2 \
  ${SCHEMATHESIS_SEED:+--seed "$SCHEMATHESIS_SEED"} \
  --header "Authorization: Bearer $key" \
  --header "X-API-Key: $key" \
  --header "X-Tenant-ID: schemathesis" \
  --request-timeout 10 \
  --no-color || status=$?

if [ "$status" -ne 0 ]; then
  if grep -q " ERROR\|panicked" "$work/node.log"; then
    echo "== node errors" >&2
    grep " ERROR\|panicked" "$work/node.log" | tail -n 40 >&2
  fi
  echo "schemathesis failed (exit $status)" >&2
fi
exit "$status"
