#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, one after another at the lowest CPU
# priority, from its seeds in seeds/<target>/ into its corpus in corpus/<target>/ (not in git).
# Exits non-zero if any target found a crash, a timeout or an out-of-memory input; each is
# saved in artifacts/<target>/. Needs nightly and cargo-fuzz (`cargo install cargo-fuzz`).
#
#   fuzz/run.sh 60            # every target, a minute each
#   fuzz/run.sh 600 html      # one target, ten minutes
#
# Extra libFuzzer flags can be passed in FUZZ_FLAGS, e.g. FUZZ_FLAGS=-runs=10000000.
set -euo pipefail
cd "$(dirname "$0")"

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh SECONDS [TARGET...]" >&2
  exit 2
fi
seconds=$1
shift
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(html text rules jsonl)
fi

# Built once, before any timer starts.
nice -n 19 cargo +nightly fuzz build

# Seed folders of a target: the project's own fixtures, and the few seeds kept here for inputs
# no fixture has.
seeds() {
  local dirs=()
  [[ -d "seeds/$1" ]] && dirs+=("seeds/$1")
  case $1 in
    html) dirs+=(../tests/html) ;;
    text) dirs+=(../samples ../tests/golden) ;;
    rules) dirs+=(../rules/defaults ../rules/sites) ;;
  esac
  echo "${dirs[@]}"
}

failed=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1)
  # The HTML target mutates with markup the extractor looks at.
  if [[ -f "$target.dict" ]]; then
    flags+=(-dict="$target.dict")
  fi
  echo "== $target: ${seconds}s"
  # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags.
  if ! nice -n 19 cargo +nightly fuzz run "$target" "corpus/$target" $(seeds "$target") -- "${flags[@]}" ${FUZZ_FLAGS:-}; then
    failed+=("$target")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "failed: ${failed[*]} (inputs in fuzz/artifacts/<target>/; see fuzz/README.md to reproduce)" >&2
  exit 1
fi
echo "no crash in: ${targets[*]}"
