#!/usr/bin/env bash
# Usage: bash infra/with-libtensorflow.sh cpu|gpu <command...>
#
# Runs <command> (an npm install that builds @tensorflow/tfjs-node, or -node-gpu for `gpu`) so that the
# package's installer takes TensorFlow's C library from PyPI instead of Google's storage host, which these
# machines cannot reach. The TensorFlow wheel (tensorflow-cpu, or tensorflow[and-cuda] with its CUDA
# libraries) carries the same C API as libtensorflow (libtensorflow_cc.so.2, headers under
# tensorflow/include). Steps, each skipped when already done:
#   1. pip installs the wheel into .tools/tensorflow-<variant>/ (with .tools/venv's pip; cpu: no Python deps);
#   2. packs .tools/tensorflow-<variant>/libtensorflow-<variant>-linux-x86_64-2.9.1.tar.gz, the layout the
#      installer expects (lib/libtensorflow.so.2.9.1 etc., include/), whose entries are symlinks into the wheel
#      (the installer's file name says 2.9.1, the version tfjs-node 4.22.0 asks for; the library is 2.18.1);
#   3. serves that tarball on 127.0.0.1 (infra/serve-file.js) while <command> runs, with TFJS_NODE_BASE_URI
#      pointing at it, node-pre-gyp told to build the addon from source (no prebuilt-binary download) and
#      node-gyp given the running Node's own headers (npm_config_nodedir), so nothing is fetched.
# The built addon loads the wheel's library through those symlinks: moving the checkout needs a rebuild.
# Linux x86_64 only (the installer ignores TFJS_NODE_BASE_URI on other platforms).
set -euo pipefail
cd "$(dirname "$0")/.."

variant=${1:-}
shift || true
case "$variant" in
  cpu) wheel="tensorflow-cpu==2.18.1" pip_deps=(--no-deps) package=@tensorflow/tfjs-node ;;
  gpu) wheel="tensorflow[and-cuda]==2.18.1" pip_deps=() package=@tensorflow/tfjs-node-gpu ;;
  *)
    echo "with-libtensorflow: first argument must be cpu or gpu, got \"$variant\"" >&2
    exit 2
    ;;
esac
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "with-libtensorflow: only Linux x86_64 is supported, not $(uname -s)-$(uname -m)" >&2
  exit 2
fi

# The version tfjs-node 4.22.0 asks for (deps-constants.js); the library behind the name is TensorFlow 2.18.1.
libtensorflow_version=2.9.1
root=$PWD/.tools/tensorflow-$variant
wheel_lib=$root/tensorflow
if [ ! -f "$wheel_lib/libtensorflow_cc.so.2" ]; then
  echo "with-libtensorflow: pip install $wheel into .tools/tensorflow-$variant"
  rm -rf "$root"
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "${pip_deps[@]}" --target "$root" "$wheel"
fi

# Rebuilt every time (a few symlinks): its links hold this checkout's absolute path.
tarball=$root/libtensorflow-$variant-linux-x86_64-$libtensorflow_version.tar.gz
stage=$(mktemp -d)
mkdir "$stage/lib"
# libtensorflow.so* for the installer's check and `-ltensorflow`; libtensorflow_cc.so.2 is the soname the
# addon records, found at run time through its rpath ($ORIGIN/../../deps/lib).
for name in libtensorflow.so.$libtensorflow_version libtensorflow.so libtensorflow_cc.so.2; do
  ln -s "$wheel_lib/libtensorflow_cc.so.2" "$stage/lib/$name"
done
for name in libtensorflow_framework.so.2 libtensorflow_framework.so; do
  ln -s "$wheel_lib/libtensorflow_framework.so.2" "$stage/lib/$name"
done
ln -s "$wheel_lib/include" "$stage/include"
# gpu: the CUDA/cuDNN libraries of the nvidia-* wheels beside it. TensorFlow dlopen()s them by name, searching
# its own directory ($ORIGIN), which for the addon is deps/lib, where these links land. (Not run here: no GPU.)
if [ "$variant" = gpu ]; then
  for so in "$root"/nvidia/*/lib/*.so*; do
    if [ -e "$so" ]; then ln -s "$so" "$stage/lib/"; fi
  done
fi
tar czf "$tarball" -C "$stage" lib include
rm -rf "$stage"

port_file=$(mktemp)
node infra/serve-file.js "$tarball" >"$port_file" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$port_file"' EXIT
for _ in $(seq 100); do
  [ -s "$port_file" ] && break
  sleep 0.1
done
[ -s "$port_file" ] || { echo "with-libtensorflow: local file server did not start" >&2; exit 1; }

nodedir=$(node -p 'require("path").dirname(require("path").dirname(process.execPath))')
[ -f "$nodedir/include/node/node_api.h" ] || {
  echo "with-libtensorflow: no Node headers under $nodedir/include/node (node-gyp would download them)" >&2
  exit 1
}

TFJS_NODE_BASE_URI="http://127.0.0.1:$(head -1 "$port_file")/libtensorflow-" \
  npm_config_build_from_source="$package" \
  npm_config_nodedir="$nodedir" \
  "$@"
