#!/usr/bin/env bash
# CI: the web console in a real browser. Installs Debian's chromium (when it
# is missing) and playwright-core (console/tests/browser, npm ci), starts
# target/debug/stampede on free ports, and runs console/tests/browser/console.mjs:
# sign in, create a campaign and a coupon, a field error, 1,000 codes as a
# job, the live view counting a redemption, a void from the redemptions page.
# Screenshots land in target/console-screenshots.
#
# STAMPEDE_BIN names another node binary (then nothing is built).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=clients/tools/lib.sh
. clients/tools/lib.sh

if [ -z "${STAMPEDE_BIN:-}" ]; then
  echo "== console: cargo build -p stampede-node"
  cargo build --locked -p stampede-node
fi

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "== console: installing Debian's chromium"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  log="$(mktemp)"
  if ! { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
    cat "$log"
    echo "cannot install chromium (needed for the console's browser test)" >&2
    exit 1
  fi
  rm -f "$log"
fi
export CHROMIUM
"$CHROMIUM" --version

echo "== console: playwright-core (npm ci)"
(cd console/tests/browser && npm ci --no-audit --no-fund --silent)

STAMPEDE_ADMIN_KEY="stk_$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
export STAMPEDE_ADMIN_KEY
trap stop_node_on_exit EXIT
start_node 1

SCREENSHOTS="$ROOT/target/console-screenshots"
rm -rf "$SCREENSHOTS"
echo "== console: the browser test (screenshots in target/console-screenshots)"
(cd console/tests/browser &&
  BASE="$STAMPEDE_URL" ROOT_KEY="$STAMPEDE_ADMIN_KEY" SCREENSHOTS="$SCREENSHOTS" \
    timeout 600 node console.mjs)
