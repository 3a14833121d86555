#!/usr/bin/env bash
# Regenerates the clients from the node's OpenAPI document:
#   clients/openapi.json                  the document, as served at /openapi.json
#   clients/ts/src/schema.d.ts            openapi-typescript
#   clients/python/stampede_client/       openapi-python-client
#
#   clients/generate.sh           regenerate (and install the pinned tools if needed)
#   clients/generate.sh --check   regenerate, then fail if anything under clients/
#                                 differs from the commit (CI)
#
# The document comes from $STAMPEDE_URL/openapi.json when STAMPEDE_URL is set;
# otherwise a node is started from target/debug/stampede ($STAMPEDE_BIN) for it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=clients/tools/lib.sh
. "$ROOT/clients/tools/lib.sh"

check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: clients/generate.sh [--check]" >&2; exit 2 ;;
esac

install_tools

work="$(mktemp -d)"
trap 'rm -rf "$work"; stop_node' EXIT
if [ -z "${STAMPEDE_URL:-}" ]; then
  export STAMPEDE_ADMIN_KEY="${STAMPEDE_ADMIN_KEY:-$(python3 -c 'import secrets; print("stk_" + secrets.token_hex(24))')}"
  start_node 0
fi

echo "== document: $STAMPEDE_URL/openapi.json"
curl -fsS "$STAMPEDE_URL/openapi.json" -o "$work/served.json"
# Pretty-printed, keys in the served order, so its diffs read well.
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); f = open(sys.argv[2], "w"); json.dump(d, f, indent=2, ensure_ascii=False); f.write("\n")' \
  "$work/served.json" "$ROOT/clients/openapi.json"

# The generators read a repaired copy; each repair is printed (see the script).
python3 "$ROOT/clients/tools/prepare_document.py" "$ROOT/clients/openapi.json" "$work/ts.json"
python3 "$ROOT/clients/tools/prepare_document.py" --python "$ROOT/clients/openapi.json" "$work/python.json" 2>/dev/null

echo "== TypeScript: clients/ts/src/schema.d.ts"
(cd "$ROOT/clients/ts" && npx --no-install openapi-typescript "$work/ts.json" -o src/schema.d.ts --silent)

echo "== Python: clients/python/stampede_client"
(
  cd "$ROOT/clients/python"
  # The post hooks run ruff from the venv.
  PATH="$VENV/bin:$PATH" openapi-python-client generate --path "$work/python.json" \
    --config openapi-python-client.yaml --meta none --output-path stampede_client --overwrite \
    >"$work/python.log" 2>&1 || { cat "$work/python.log" >&2; exit 1; }
  # Its warnings name the parts it left out.
  grep -E "^(WARNING|Unable)" "$work/python.log" | sed 's/^/  openapi-python-client: /' || true
)

if [ "$check" = 1 ]; then
  cd "$ROOT"
  if [ -n "$(git status --porcelain --untracked-files=all -- clients)" ]; then
    git status --short --untracked-files=all -- clients | head -40 >&2
    git diff --stat -- clients | tail -5 >&2
    echo "the committed clients differ from the node's document: run clients/generate.sh and commit" >&2
    exit 1
  fi
  echo "== the committed clients match the document"
fi
