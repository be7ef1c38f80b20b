#!/usr/bin/env bash
# Every test: the Rust workspace (`cargo test`, arguments passed through), then the Python
# package (crates/dechrome-py) built into .venv, type-checked and tested with pytest.
set -euo pipefail
cd "$(dirname "$0")"

cargo test "$@"

# The CLI the Python tests compare with (cargo test built it).
export DECHROME_BIN="$PWD/target/debug/dechrome"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
# The dev profile reuses the dependencies cargo test optimised ([profile.dev.package."*"]).
.venv/bin/maturin develop --quiet --manifest-path crates/dechrome-py/Cargo.toml

.venv/bin/python -m mypy --config-file crates/dechrome-py/pyproject.toml \
    crates/dechrome-py/python/dechrome crates/dechrome-py/tests/typed_usage.py

# Last, so that its summary closes the log. Exit code 5 (no test collected) fails like any other.
.venv/bin/python -m pytest crates/dechrome-py/tests -q -p no:cacheprovider --durations=5
