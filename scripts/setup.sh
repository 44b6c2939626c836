#!/usr/bin/env bash
# Installs what the build and the tests need, only when it is missing: Debian packages (as root),
# then the npm packages of package-lock.json. Safe to run again; quiet when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# `setup.sh --serve` (npm start): only what building the WebAssembly module needs, not the native
# toolchain, GoogleTest, Chromium or the AWS CLI, which only the tests use.
serve_only=0
[ "${1:-}" = "--serve" ] && serve_only=1

need=()
command -v em++ >/dev/null 2>&1 || need+=(emscripten)
[ -f /usr/include/nlohmann/json.hpp ] || need+=(nlohmann-json3-dev)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
if [ "$serve_only" = "0" ]; then
  command -v g++ >/dev/null 2>&1 || need+=(g++)
  [ -f /usr/include/gtest/gtest.h ] || need+=(libgtest-dev)
  command -v clang-format >/dev/null 2>&1 || need+=(clang-format)
  # Unicode's data: the case-fold test reads CaseFolding.txt, and tools/gen_unicode_tables.mjs
  # regenerates src/pattern/unicode_tables.cpp from it (the build itself does not need it).
  [ -f /usr/share/unicode/CaseFolding.txt ] || need+=(unicode-data)
  if [ "${EBW_SKIP_BROWSER:-}" != "1" ]; then
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
  fi
  if [ "${EBW_SKIP_AWSCLI:-}" != "1" ]; then
    # Debian's AWS CLI v2 (a Python `aws` elsewhere on PATH may not be v2).
    [ -x /usr/bin/aws ] || need+=(awscli)
  fi
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "setup: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${need[*]} (run as root, or install them)" >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
