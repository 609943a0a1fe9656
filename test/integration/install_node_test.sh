#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# contrib/install-node.sh onto a fake node root: the static binaries land where the
# drop-ins say, work from there (a passthrough through the installed wrapper gives
# runc's own answer), the engine configs are written, an operator's config.toml is
# kept, containerd's config.toml gets the handler and its CRI plugin still loads
# (on a minimal config.toml and on `containerd config default`'s), and a second run
# changes nothing else. Needs: WRAPPER, MONITOR, RUNC, CONTAINERD, CTR (from meson).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# What the image of contrib/kubernetes/Containerfile holds in /opt/seccomp-witness.
image=$work/image
mkdir -p "$image"
cp "$WRAPPER" "$MONITOR" "$repo/contrib/install-node.sh" "$repo/contrib/config.toml" "$image/"
cp -r "$repo/contrib/crio" "$repo/contrib/containerd" "$repo/contrib/podman" "$image/"

node=$work/node
mkdir -p "$node/etc/crio/crio.conf.d" "$node/etc/containerd" "$node/etc/containers" "$node/usr/bin"
printf 'version = 2\n\n[plugins."io.containerd.grpc.v1.cri"]\n  sandbox_image = "registry.k8s.io/pause:3.9"\n' \
  >"$node/etc/containerd/config.toml"
cp "$RUNC" "$node/usr/bin/runc"  # this node keeps runc in /usr/bin

"$image/install-node.sh" --host-root "$node" >"$work/first.out"
cat "$work/first.out"

for f in usr/local/bin/seccomp-witness usr/local/libexec/seccomp-witness/seccomp-witness-monitor; do
  [[ -x $node/$f ]] || fail "$f not installed"
  cmp -s "$node/$f" "$image/$(basename "$f")" || fail "$f differs from the image's"
done
cmp -s "$node/etc/crio/crio.conf.d/10-seccomp-witness.conf" "$repo/contrib/crio/10-seccomp-witness.conf" ||
  fail "CRI-O drop-in not written"
cmp -s "$node/etc/containers/containers.conf.d/seccomp-witness.conf" "$repo/contrib/podman/seccomp-witness.conf" ||
  fail "podman drop-in not written"
grep -qx 'runtime = "/usr/bin/runc"' "$node/etc/seccomp-witness/config.toml" ||
  fail "config.toml does not name the node's runc: $(grep ^runtime "$node/etc/seccomp-witness/config.toml")"
# containerd loads its CRI plugin from what the installer left: a private
# containerd (own root, state and socket) on the node's config.toml.
cri_loads() {
  local config=$1 dir
  dir=$(mktemp -d "$work/containerd.XXXXXX")
  "$CONTAINERD" --config "$config" --root "$dir/root" --state "$dir/state" --address "$dir/sock" >"$dir/log" 2>&1 &
  local pid=$! loaded=1
  for _ in $(seq 100); do
    [[ -S $dir/sock ]] && "$CTR" --address "$dir/sock" plugins ls >"$dir/plugins" 2>/dev/null && break
    sleep 0.1
  done
  grep -Eq '^io\.containerd\.grpc\.v1[[:space:]]+cri[[:space:]].*[[:space:]]ok[[:space:]]*$' "$dir/plugins" && loaded=0
  kill "$pid"; wait "$pid" 2>/dev/null
  ((loaded == 0)) || { grep -i 'cri\|error' "$dir/log" | tail -3 >&2; return 1; }
  "$CONTAINERD" --config "$config" config dump >"$dir/dump.toml"
  python3 - "$dir/dump.toml" <<'PY'
import sys, tomllib
cri = tomllib.load(open(sys.argv[1], "rb"))["plugins"]["io.containerd.grpc.v1.cri"]
runtimes = cri["containerd"]["runtimes"]
assert cri["containerd"]["default_runtime_name"] in runtimes, runtimes.keys()
ours = runtimes["seccomp-witness"]
assert ours["runtime_type"] == "io.containerd.runc.v2", ours
assert ours["options"]["BinaryName"] == "/usr/local/bin/seccomp-witness", ours
assert "seccomp-witness.io/*" in ours["pod_annotations"], ours
PY
}

cri_loads "$node/etc/containerd/config.toml" || fail "containerd's CRI does not load on the minimal config.toml"
grep -q 'sandbox_image = "registry.k8s.io/pause:3.9"' "$node/etc/containerd/config.toml" ||
  fail "the node's own CRI settings were lost"

# On the full config.toml that `containerd config default` writes, which lists
# runc: ours is added, runc is not written twice (TOML would refuse it).
full=$work/full
mkdir -p "$full/etc/containerd"
"$CONTAINERD" config default >"$full/etc/containerd/config.toml"
"$image/install-node.sh" --host-root "$full" --engine containerd >/dev/null
cri_loads "$full/etc/containerd/config.toml" || fail "containerd's CRI does not load on containerd's default config.toml"

# The installed static wrapper works from the node: `state` of a container that
# does not exist answers exactly as runc does.
export SECCOMP_WITNESS_CONFIG=$node/etc/seccomp-witness/config.toml
sed -i "s|^runtime = .*|runtime = \"$RUNC\"|" "$SECCOMP_WITNESS_CONFIG"
set +e
"$node/usr/local/bin/seccomp-witness" --root "$work/runc" state nothing-here >"$work/ours.out" 2>"$work/ours.err"
ours=$?
"$RUNC" --root "$work/runc" state nothing-here >"$work/runc.out" 2>"$work/runc.err"
theirs=$?
set -e
[[ $ours == "$theirs" ]] || fail "exit $ours through the installed wrapper, $theirs from runc"
# runc's log lines carry the time; the rest must be the same.
untimed() { sed 's/^time="[^"]*" //' "$1"; }
[[ $(untimed "$work/ours.err") == "$(untimed "$work/runc.err")" ]] ||
  fail "stderr differs: $(cat "$work/ours.err") vs $(cat "$work/runc.err")"

# Again: the operator's config.toml (edited above) stays, the handler is not
# added twice to containerd's config.toml, the binaries are replaced.
echo "# edited by the operator" >>"$SECCOMP_WITNESS_CONFIG"
cp "$SECCOMP_WITNESS_CONFIG" "$work/config.before"
cp "$node/etc/containerd/config.toml" "$work/containerd.before"
"$image/install-node.sh" --host-root "$node" >"$work/second.out"
cmp -s "$SECCOMP_WITNESS_CONFIG" "$work/config.before" || fail "the operator's config.toml was overwritten"
cmp -s "$node/etc/containerd/config.toml" "$work/containerd.before" || fail "containerd's config.toml changed again"
grep -q "kept $node/etc/seccomp-witness/config.toml" "$work/second.out" || fail "second run did not say it kept the config"
[[ -z $(find "$node" -name '*.new.*') ]] || fail "temporary files left behind"

# A wrong argument is refused with a message, before anything is touched.
if "$image/install-node.sh" --engine docker --host-root "$work/elsewhere" 2>"$work/bad.err"; then fail "--engine docker accepted"; fi
grep -q "must be auto, crio, containerd, podman or none" "$work/bad.err" || fail "no clear message for a bad --engine"
[[ ! -e $work/elsewhere ]] || fail "a refused run touched the host root"
echo "install-node: all checks passed"
