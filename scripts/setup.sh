#!/usr/bin/env bash
# Installs termlens on this machine: the compilers its native modules need (when missing, see
# system-packages.sh), then `npm ci`.
#
# nodejieba is always compiled, and better-sqlite3 is whenever its prebuilt binary cannot be
# fetched (it comes from GitHub, not the npm registry). node-gyp compiles against the headers of
# the running Node.js, which it downloads from nodejs.org unless told where they are: a Node.js
# installed from the official tarball, NodeSource's packages or scripts/with-node.sh carries them
# beside its binary, so they are used from there and nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-packages.sh build

prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$prefix/include/node/common.gypi" ]; then
  export npm_config_nodedir="$prefix"
fi

# onnxruntime-node's install script only downloads CUDA libraries from nuget.org, which termlens
# neither needs nor can reach. npm 11 refuses to run it (package.json's allowScripts); npm 10,
# Node 22's own, ignores allowScripts, and this variable makes the script skip itself. (In .npmrc
# the same setting made every npm command warn "Unknown project config".)
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund
