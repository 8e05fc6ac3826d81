#!/usr/bin/env bash
# Runs a command under another Node.js line, taken from the npm registry (no other download):
#
#   scripts/with-node.sh 24 npm ci
#   scripts/with-node.sh 24 npm test
#
# The registry's `node-<os>-<arch>` packages hold the official build: the binary and the C++
# headers that node-gyp needs to compile nodejieba and better-sqlite3 for that line (npm would
# otherwise build against the headers of the machine's own Node). The build is kept in the
# checkout's .cache/node/<line> (git-ignored; outside node_modules, which `npm ci` empties, and
# readable by the other users some tests run as); the machine's npm runs on it.
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: $0 NODE_LINE COMMAND [ARG...]   (e.g. $0 24 npm test)" >&2
  exit 2
fi
line="$1"
shift

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "with-node: no node build on the registry for $(uname -m)" >&2; exit 1 ;;
esac
package="node-linux-$arch"
prefix="${TERMLENS_NODE_CACHE:-$(cd "$(dirname "$0")/.." && pwd)/.cache/node}/$line"
home="$prefix/node_modules/$package"

if [ ! -x "$home/bin/node" ]; then
  echo "with-node: installing $package@$line into $prefix" >&2
  npm install --silent --no-save --no-package-lock --prefix "$prefix" "$package@$line" >&2
fi

export PATH="$home/bin:$PATH"
export npm_config_nodedir="$home"
echo "with-node: $(node --version) ($home/bin/node)" >&2
exec "$@"
