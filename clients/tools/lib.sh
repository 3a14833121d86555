# Shared by clients/generate.sh and .ci/clients.sh (sourced, not run).
# Expects ROOT (the repository) to be set.

VENV="${CLIENTS_VENV:-$ROOT/target/clients-venv}"

# A TCP port free on the loopback right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Installs the pinned tools when missing or out of date: clients/ts/node_modules
# (npm ci from package-lock.json) and the venv $VENV (clients/requirements.txt).
install_tools() {
  local lock="$ROOT/clients/ts/package-lock.json" stamp="$ROOT/clients/ts/node_modules/.stampede-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
    echo "== npm ci (clients/ts)"
    (cd "$ROOT/clients/ts" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$lock" "$stamp"
  fi
  local req="$ROOT/clients/requirements.txt"
  if [ ! -f "$VENV/requirements.txt" ] || ! cmp -s "$req" "$VENV/requirements.txt"; then
    echo "== Python venv $VENV (clients/requirements.txt)"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$VENV/requirements.txt"
  fi
}

# Starts target/debug/stampede (or $STAMPEDE_BIN) on free ports with a fresh
# data directory and the root key $STAMPEDE_ADMIN_KEY; sets NODE_PID,
# STAMPEDE_URL and STAMPEDE_GRPC (host:port, empty when GRPC is not "1") and
# waits until /readyz answers. stop_node ends it and removes its directory.
start_node() {
  local grpc=${1:-0} bin="${STAMPEDE_BIN:-$ROOT/target/debug/stampede}"
  if [ ! -x "$bin" ]; then
    echo "no node binary at $bin: run cargo build -p stampede-node first" >&2
    return 1
  fi
  NODE_DIR="$(mktemp -d)"
  local http cluster args
  http=$(free_port)
  cluster=$(free_port)
  args=(serve --listen "127.0.0.1:$http" --data-dir "$NODE_DIR/data" --cluster-port "$cluster")
  STAMPEDE_GRPC=""
  if [ "$grpc" = 1 ]; then
    STAMPEDE_GRPC="127.0.0.1:$(free_port)"
    args+=(--grpc-listen "$STAMPEDE_GRPC")
  fi
  STAMPEDE_URL="http://127.0.0.1:$http"
  "$bin" "${args[@]}" >"$NODE_DIR/node.log" 2>&1 &
  NODE_PID=$!
  local i
  for i in $(seq 1 300); do
    if curl -fsS -o /dev/null "$STAMPEDE_URL/readyz" 2>/dev/null; then
      echo "== node $NODE_PID ready at $STAMPEDE_URL${STAMPEDE_GRPC:+ (gRPC $STAMPEDE_GRPC)}"
      return 0
    fi
    if ! kill -0 "$NODE_PID" 2>/dev/null; then
      echo "the node exited at start; its log:" >&2
      cat "$NODE_DIR/node.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "the node was not ready in 30 s; its log:" >&2
  tail -50 "$NODE_DIR/node.log" >&2
  return 1
}

stop_node() {
  if [ -n "${NODE_PID:-}" ] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do
      kill -0 "$NODE_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$NODE_PID" 2>/dev/null || true
    wait "$NODE_PID" 2>/dev/null || true
  fi
  NODE_PID=""
  if [ -n "${NODE_DIR:-}" ]; then
    rm -rf "$NODE_DIR"
    NODE_DIR=""
  fi
}

# An EXIT trap: the node's last log lines when the script failed, then
# stop_node, keeping the script's status.
stop_node_on_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "${NODE_DIR:-}" ] && [ -f "$NODE_DIR/node.log" ]; then
    echo "== the node's last log lines" >&2
    tail -40 "$NODE_DIR/node.log" >&2
  fi
  stop_node
  exit "$status"
}
