#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# seccomp-witness demo, end to end with real runc (run as root on Debian 12).
#
# Builds the project, then plays the scenario of CRI-O's seccomp notifier article
# with a busybox container under containers-common's seccomp profile (what podman
# and CRI-O give a container by default): the container is opted in with
# `seccomp-witness.io/action: stop`; `chroot` and `swapoff` are tried twice each
# in exec sessions; the container is stopped after the quiet period and the file
# behind its terminationMessagePath says why, where kubelet would read it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash contrib/install-deps.sh
meson setup build >/dev/null 2>&1 || meson setup build --reconfigure >/dev/null
ninja -C build >/dev/null
wrapper=$repo/build/shim/wrapper/seccomp-witness
ctl=$repo/build/shim/ctl/seccomp-witnessctl

demo=$(mktemp -d /tmp/seccomp-witness-demo.XXXXXX)
root=$demo/runc-root
trap 'runc --root "$root" delete -f nginx >/dev/null 2>&1 || true' EXIT
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; }

# The wrapper's settings for this demo: the real runtime, and our binaries from the build.
cat >"$demo/config.toml" <<TOML
runtime = "$(command -v runc)"
state_dir = "$demo/state"
monitor = "$repo/build/shim/monitor/seccomp-witness-monitor"
TOML
export SECCOMP_WITNESS_CONFIG=$demo/config.toml

say "A busybox container with containers-common's seccomp profile, opted in with 'stop'"
bundle=$demo/bundle
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/tmp"
cp /bin/busybox "$bundle/rootfs/bin/"
for applet in sh sleep chroot swapoff; do ln -s busybox "$bundle/rootfs/bin/$applet"; done
runc spec --bundle "$bundle"
caps=$(jq -r '.process.capabilities.bounding[]' "$bundle/config.json" | sed 's/^/--cap /' | tr '\n' ' ')
# shellcheck disable=SC2086
"$ctl" profile resolve /usr/share/containers/seccomp.json $caps >"$demo/seccomp.json"
termination_log=$demo/termination-log  # kubelet creates this file and mounts it
: >"$termination_log"
jq --slurpfile seccomp "$demo/seccomp.json" --arg log "$termination_log" \
  '.process.terminal = false | .root.readonly = false | .process.args = ["sleep", "600"]
   | .linux.seccomp = $seccomp[0]
   | .mounts += [{"destination": "/dev/termination-log", "type": "bind", "source": $log, "options": ["rbind", "rw"]}]
   | .annotations = {"seccomp-witness.io/action": "stop", "seccomp-witness.io/stop-after": "3",
                     "io.kubernetes.pod.name": "nginx", "io.kubernetes.pod.namespace": "default",
                     "io.kubernetes.container.name": "nginx"}' "$bundle/config.json" >"$demo/config.json"
mv "$demo/config.json" "$bundle/config.json"
jq '.annotations' "$bundle/config.json"

say "Start it through seccomp-witness, in place of runc"
show "seccomp-witness --root $root run --bundle $bundle nginx &"
"$wrapper" --root "$root" run --bundle "$bundle" nginx >"$demo/run.out" 2>&1 &
runner=$!
for _ in $(seq 300); do  # up to 30 s: generous, for a slow machine
  [[ $("$wrapper" --root "$root" state nginx 2>/dev/null | jq -r .status 2>/dev/null) == running ]] && break
  sleep 0.1
done
show "seccomp-witness --root $root state nginx | jq -c '{id, status}'"
"$wrapper" --root "$root" state nginx | jq -c '{id, status}'
echo "the rewritten profile: $(jq '[.linux.seccomp.syscalls[] | select(.action == "SCMP_ACT_NOTIFY")] | length' \
  "$bundle/config.json") rules now notify; listenerPath $(jq -r .linux.seccomp.listenerPath "$bundle/config.json")"

say "Forbidden syscalls, from exec sessions (as 'kubectl exec' would)"
for command in "chroot /tmp" "chroot /tmp" "swapoff /tmp" "swapoff /tmp"; do
  show "seccomp-witness exec nginx $command"
  # shellcheck disable=SC2086
  "$wrapper" --root "$root" exec nginx $command || echo "(exit code $?)"
done

say "After the quiet period (3 s here, 5 s by default) the container is stopped"
status=0
wait "$runner" || status=$?
echo "container exit code: $status"

say "What kubelet reads from the termination message file (the pod's Message)"
cat "$termination_log"; echo

say "What the operator sees: $demo/state/nginx/summary.json"
jq '{pod, namespace, action, state, message, total,
     syscalls: [.syscalls[] | {name, count, errno, callers: [.callers[].comm]}]}' "$demo/state/nginx/summary.json"
echo "events.jsonl: $(wc -l <"$demo/state/nginx/events.jsonl") events; first one:"
head -1 "$demo/state/nginx/events.jsonl" | jq -c .
echo
echo "demo files: $demo"
