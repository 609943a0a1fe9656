#!/usr/bin/env bash
# Builds seccomp-witness and runs every test: unit tests (also under ASan+UBSan),
# integration tests with real runc and crun, and the format check. Run as root on
# Debian 12; installs what it needs. Ends with one line: N passed, N failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash contrib/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
bash contrib/prepare-host.sh || echo "run-all: could not prepare cgroups for crun; crun tests will fail"

# Where tests would skip (not root, a runtime missing), fail instead: in CI a skip
# hides a broken machine.
export SECCOMP_WITNESS_REQUIRE_INTEGRATION=1

status=0
meson setup build --reconfigure >/dev/null 2>&1 || meson setup build >/dev/null || status=1
ninja -C build || status=1
meson test -C build --print-errorlogs || status=1

# The unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dintegration_tests=disabled \
  --reconfigure >/dev/null 2>&1 ||
  meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dintegration_tests=disabled >/dev/null ||
  status=1
ninja -C build-asan || status=1
meson test -C build-asan --suite unit --print-errorlogs || status=1

format_failed=0
if ! git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror; then
  echo "run-all: clang-format finds unformatted code (run: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i)"
  format_failed=1
fi

summary=$(python3 test/summarize.py build build-asan)
read -r passed _ failed _ skipped _ <<<"${summary//,/}"
failed=$((failed + format_failed))
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[[ $status -eq 0 && $failed -eq 0 ]]
