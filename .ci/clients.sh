#!/usr/bin/env bash
# CI: the generated clients against a live node. Installs the pinned tools
# (clients/ts/node_modules by npm ci; the venv target/clients-venv), starts
# target/debug/stampede on free ports, checks that the committed clients match
# the node's OpenAPI document (clients/generate.sh --check), then runs the
# TypeScript, Python and Python gRPC smoke tests.
#
# CLIENTS_SKIP_GRPC=1 skips the gRPC smoke (and starts the node without
# --grpc-listen); by default it runs. STAMPEDE_BIN names another node binary
# (then nothing is built).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=clients/tools/lib.sh
. clients/tools/lib.sh
started=$SECONDS

if [ -z "${STAMPEDE_BIN:-}" ]; then
  echo "== clients: cargo build -p stampede-node"
  cargo build --locked -p stampede-node
fi
bin="${STAMPEDE_BIN:-$ROOT/target/debug/stampede}"

grpc=1
if [ "${CLIENTS_SKIP_GRPC:-0}" = 1 ]; then
  grpc=0
elif ! "$bin" serve --help | grep -q -- "--grpc-listen"; then
  echo "this node has no --grpc-listen: the gRPC smoke cannot run (CLIENTS_SKIP_GRPC=1 skips it)" >&2
  exit 1
fi

install_tools

STAMPEDE_ADMIN_KEY="stk_$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
export STAMPEDE_ADMIN_KEY
trap stop_node_on_exit EXIT
start_node "$grpc"
export STAMPEDE_URL STAMPEDE_GRPC

echo "== clients: up to date with the node's document"
clients/generate.sh --check

echo "== clients: TypeScript smoke (tsc, node $(node --version))"
(cd clients/ts && npx --no-install tsc -p . && node dist/smoke.js)

echo "== clients: Python smoke"
"$VENV/bin/python" clients/python/smoke.py

if [ "$grpc" = 1 ]; then
  echo "== clients: Python gRPC smoke ($STAMPEDE_GRPC)"
  "$VENV/bin/python" clients/python/grpc_smoke.py
else
  echo "== clients: Python gRPC smoke SKIPPED (CLIENTS_SKIP_GRPC=1)"
fi
echo "== clients: done in $((SECONDS - started)) s"
