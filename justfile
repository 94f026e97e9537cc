# golem-exec recipes. Run `scripts/setup.sh` once first (the README's commands do).

set shell := ["bash", "-euo", "pipefail", "-c"]

export PATH := justfile_directory() + "/.venv/bin:" + env_var("PATH")

components := "target/components"

default:
    @just --list

# Install toolchains and tools (idempotent)
setup:
    scripts/setup.sh

# Build the release components into target/components/ and validate them
build:
    cargo build --release -p build-components
    @for c in {{components}}/exec-*.wasm; do \
        wasm-tools validate --features all "$c"; \
        [[ "$(wasm-tools print --skeleton "$c")" == "(component"* ]] || { echo "$c is not a component" >&2; exit 1; }; \
        awk -v f="$c" -v n="$(stat -c %s "$c")" 'BEGIN { printf "%-40s %9d bytes (%.2f MiB), valid component\n", f, n, n / 1048576 }'; \
    done

# Run a snippet: just run --lang js -c 'console.log(1)' (builds what is missing first)
[positional-arguments]
run *ARGS:
    @cargo build --release -q -p build-components
    @GOLEM_EXEC_COMPONENTS="${GOLEM_EXEC_COMPONENTS:-${CARGO_TARGET_DIR:-target}/components}" cargo run --release -q -p host-harness --bin golem-exec -- run "$@"

# The whole test suite: the lints first (quick, no guest build), then every
# test (its build step builds the components first)
test: lint
    cargo test --release

# Formatting and clippy for host crates and, for their wasm target, guest
# crates (under clippy the build step does not build the guests)
lint:
    cargo fmt --all --check
    cargo clippy --release --all-targets -p exec-core -p host-harness -p build-components -- -D warnings
    cargo clippy --release --target wasm32-wasip2 -p exec-javascript -p exec-python -p exec-python-native -p exec-python-sandbox -p exec-core -p exec-consumer --target-dir target/guest -- -D warnings

# Benchmark suite: start-up, memory, CPU snippets against node / python3 /
# native QuickJS, limit overhead, throughput; writes target/bench/bench.{md,json}
bench:
    cargo bench -q -p host-harness --bench suite

# The benchmark suite with exec-javascript as built at commit REV measured
# in the same rounds (ratios this build / REV), e.g. `just bench-previous HEAD~1`
bench-previous REV:
    scripts/build-previous.sh {{REV}}
    cargo bench -q -p host-harness --bench suite
