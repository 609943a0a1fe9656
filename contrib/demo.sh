#!/usr/bin/env bash
# seccomp-witness demo, end to end with real runc (run as root on Debian 12):
# builds the project, then takes a busybox container with containers-common's
# seccomp profile (what podman and CRI-O give a container by default) through the
# wrapper and shows what seccomp-witness does with it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash contrib/install-deps.sh
meson setup build >/dev/null 2>&1 || meson setup build --reconfigure >/dev/null
ninja -C build >/dev/null
wrapper=$repo/build/shim/seccomp-witness
ctl=$repo/build/shim/seccomp-witnessctl

demo=$(mktemp -d /tmp/seccomp-witness-demo.XXXXXX)
root=$demo/runc-root
trap 'runc --root "$root" delete -f demo >/dev/null 2>&1 || true' EXIT
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "A busybox container with containers-common's seccomp profile"
bundle=$demo/bundle
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/tmp"
cp /bin/busybox "$bundle/rootfs/bin/"
for applet in sh echo chroot swapoff; do ln -s busybox "$bundle/rootfs/bin/$applet"; done
runc spec --bundle "$bundle"
caps=$(jq -r '.process.capabilities.bounding[]' "$bundle/config.json" | sed 's/^/--cap /' | tr '\n' ' ')
# shellcheck disable=SC2086
"$ctl" profile resolve /usr/share/containers/seccomp.json $caps >"$demo/seccomp.json"
jq --slurpfile seccomp "$demo/seccomp.json" \
  '.process.terminal = false | .root.readonly = false
   | .process.args = ["sh", "-c", "chroot /tmp; chroot /tmp; swapoff /tmp; swapoff /tmp; echo container done"]
   | .linux.seccomp = $seccomp[0]
   | .annotations = {"seccomp-witness.io/action": "stop"}' "$bundle/config.json" >"$demo/config.json"
mv "$demo/config.json" "$bundle/config.json"
echo "bundle: $bundle (annotation seccomp-witness.io/action=stop)"
echo "profile: $(jq '.syscalls | length' "$demo/seccomp.json") rules, default $(jq -r .defaultAction "$demo/seccomp.json")"

say "What seccomp-witness will do to its profile (seccomp-witnessctl profile rewrite)"
"$ctl" profile rewrite "$bundle/config.json" >"$demo/rewritten.json"
echo "rules that now notify instead of denying:"
jq -r '.linux.seccomp.syscalls[] | select(.action == "SCMP_ACT_NOTIFY") | "  " + (.names | join(", "))' \
  "$demo/rewritten.json" | fold -s -w 100
echo "listenerPath: $(jq -r .linux.seccomp.listenerPath "$demo/rewritten.json")"

say "Running it through the wrapper, in place of runc"
cat >"$demo/config.toml" <<TOML
runtime = "$(command -v runc)"
state_dir = "$demo/state"
TOML
echo "config: $demo/config.toml"
SECCOMP_WITNESS_CONFIG=$demo/config.toml "$wrapper" --root "$root" run --bundle "$bundle" demo || true

say "What happened"
if [[ -x $(sed -n 's/^monitor = "\(.*\)"/\1/p' "$demo/config.toml") ]]; then
  echo "the monitor is installed: see $demo/state/demo/"
else
  echo "The monitor (the part that answers and counts the notifications) is not part of this build"
  echo "yet, so the wrapper said why above and ran the container under its original profile,"
  echo "exactly as plain runc would: config.json is unchanged:"
  jq -c '.linux.seccomp | {listenerPath, notify_rules: [.syscalls[] | select(.action == "SCMP_ACT_NOTIFY")] | length}' \
    "$bundle/config.json"
fi
echo
echo "demo files: $demo"
