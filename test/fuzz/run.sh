#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets of test/fuzz with clang, under AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each for a bounded time (FUZZ_SECONDS,
# default 60) from test/fuzz/seeds plus the profiles Debian ships. Fails on the
# first finding, leaving the input in build-fuzz/findings/. Debian 12, as root.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
# shellcheck disable=SC2054 # the comma is meson's list of sanitizers
options=(-Dfuzz=enabled -Dtests=disabled -Db_sanitize=address,undefined -Db_lundef=false)
CXX=clang++ meson setup build-fuzz "${options[@]}" --reconfigure >/dev/null 2>&1 ||
  { rm -rf build-fuzz && CXX=clang++ meson setup build-fuzz "${options[@]}" >/dev/null; }
ninja -C build-fuzz --quiet fuzz

corpus=build-fuzz/corpus
targets=(rewrite state_message display_text event_json suggest_yaml metrics_label)
mkdir -p build-fuzz/findings
for target in "${targets[@]}"; do
  mkdir -p "$corpus/$target"
  if [[ -d test/fuzz/seeds/$target ]]; then cp test/fuzz/seeds/"$target"/* "$corpus/$target/"; fi
done
# The shipped profiles, as an engine would put them into an opted-in config.json.
for profile in /usr/share/containers/seccomp.json \
  /usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json; do
  [[ -f $profile ]] || continue
  python3 - "$profile" >"$corpus/rewrite/shipped-$(echo "$profile" | md5sum | cut -c1-8).json" <<'PY'
import json, sys
print(json.dumps({"annotations": {"seccomp-witness.io/action": "stop"}, "linux": {"seccomp": json.load(open(sys.argv[1]))}}))
PY
done

export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/test/fuzz/ubsan.supp"
export ASAN_OPTIONS="detect_leaks=1"
# Each target for FUZZ_SECONDS, and at most FUZZ_RUNS inputs (a bounded number of
# runs in CI, whatever the machine's speed).
runs=${FUZZ_RUNS:-200000}
for target in "${targets[@]}"; do
  echo "fuzz: ${target} for at most ${seconds} s and ${runs} runs"
  "build-fuzz/test/fuzz/${target}_fuzz" -max_total_time="$seconds" -runs="$runs" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/findings/${target}-" "$corpus/${target}" 2>&1 | grep -E "^(stat::|==|SUMMARY|#[0-9]+.*DONE)|ERROR|Done" || true
  if compgen -G "build-fuzz/findings/${target}-*" >/dev/null; then
    echo "fuzz: ${target} found a failing input: $(ls "build-fuzz/findings/${target}-"*)"
    exit 1
  fi
done
