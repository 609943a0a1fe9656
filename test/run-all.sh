#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds seccomp-witness and runs every test: unit tests (also under ASan+UBSan),
# integration tests with real runc and crun, the monitor under ThreadSanitizer,
# the fuzz targets for a bounded time, README's quickstart, the format check,
# clang-tidy over the files the commit changed, and shellcheck over every script. Run as root on
# Debian 12; installs what it needs. Ends with one line: N passed, N failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

bash contrib/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
bash contrib/prepare-host.sh || echo "run-all: could not prepare cgroups for crun; crun tests will fail"

# Where tests would skip (not root, a runtime missing), fail instead: in CI a skip
# hides a broken machine.
export SECCOMP_WITNESS_REQUIRE_INTEGRATION=1

# A step that fails before or besides the test cases (setup, build, format) counts
# as one failure of its own in the closing line.
step_failures=0
step() { "$@" || { echo "run-all: failed: $*"; step_failures=$((step_failures + 1)); }; }
setup() { meson setup "$@" --reconfigure >/dev/null 2>&1 || meson setup "$@" >/dev/null; }

step setup build
step ninja -C build
meson test -C build --print-errorlogs

# The unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
# Only the unit test programs are built there.
step setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dintegration_tests=disabled
unit_targets=$(meson introspect build-asan --tests |
  python3 -c 'import json, os, sys; print(" ".join(os.path.relpath(t["cmd"][0], "build-asan") for t in json.load(sys.stdin) if "unit" in t["suite"][0]))')
# shellcheck disable=SC2086
step ninja -C build-asan $unit_targets
meson test -C build-asan --suite unit --no-rebuild --print-errorlogs

# The monitor under ThreadSanitizer, over the suites that flood, kill and
# restart it (a report fails the step).
step bash test/tsan.sh

# The libFuzzer targets (clang, ASan+UBSan), each for a bounded time.
step bash test/fuzz/run.sh

# README's quickstart, run as it stands: install, a podman container stopped, the metric.
step bash test/readme_quickstart.sh

format_check() {
  git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror ||
    { echo "run-all: unformatted code; run: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i"; return 1; }
}
step format_check

# clang-tidy (.clang-tidy says which checks and why) over the C++ files the
# commit under test changed.
step bash test/tidy.sh

shellcheck_all() {
  git ls-files '*.sh' .ci/run | xargs shellcheck ||
    { echo "run-all: shellcheck found problems in the scripts above"; return 1; }
}
step shellcheck_all

summary=$(python3 test/summarize.py build build-asan)
read -r passed _ failed _ skipped _ <<<"${summary//,/}"
failed=$((failed + step_failures))
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[[ $failed -eq 0 ]]
