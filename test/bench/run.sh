#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds seccomp-witness for benchmarking (release) and runs every benchmark
# (test/bench/bench.py): a table on the terminal, JSON in build-bench/bench.json
# (or the path given). Run as root on Debian 12; installs what it needs.
#   BENCH_PARTS=d bash test/bench/run.sh   # only some of the benchmarks (letters a-f)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash contrib/install-deps.sh
# A build dir left half-written (an interrupted run) is set up again from scratch.
meson setup build-bench --buildtype=release --reconfigure >/dev/null 2>&1 ||
  { rm -rf build-bench && meson setup build-bench --buildtype=release >/dev/null; }
ninja -C build-bench --quiet
python3 -u test/bench/bench.py build-bench "${1:-build-bench/bench.json}" "${BENCH_PARTS:-abcdef}"
