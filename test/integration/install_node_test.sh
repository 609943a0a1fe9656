#!/usr/bin/env bash
# contrib/install-node.sh onto a fake node root: the static binaries land where the
# drop-ins say, work from there (a passthrough through the installed wrapper gives
# runc's own answer), the engine configs are written, an operator's config.toml is
# kept, containerd's config.toml imports the snippet and still parses, and a second
# run changes nothing else. Needs: WRAPPER, MONITOR, RUNC, CONTAINERD (from meson).
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
cmp -s "$node/etc/containerd/conf.d/seccomp-witness.toml" "$repo/contrib/containerd/seccomp-witness.toml" ||
  fail "containerd snippet not written"
cmp -s "$node/etc/containers/containers.conf.d/seccomp-witness.conf" "$repo/contrib/podman/seccomp-witness.conf" ||
  fail "podman drop-in not written"
grep -qx 'runtime = "/usr/bin/runc"' "$node/etc/seccomp-witness/config.toml" ||
  fail "config.toml does not name the node's runc: $(grep ^runtime "$node/etc/seccomp-witness/config.toml")"
python3 - "$node/etc/containerd/config.toml" <<'PY' || fail "containerd's config.toml broken by the installer"
import sys, tomllib
config = tomllib.load(open(sys.argv[1], "rb"))
assert config["version"] == 2, config
assert config["imports"] == ["/etc/containerd/conf.d/*.toml"], config
assert config["plugins"]["io.containerd.grpc.v1.cri"]["sandbox_image"] == "registry.k8s.io/pause:3.9", config
PY

# containerd itself reads the snippet: the runtime and its BinaryName are in its config.
"$CONTAINERD" --config "$repo/contrib/containerd/seccomp-witness.toml" config dump >"$work/dump.toml" ||
  fail "containerd cannot load contrib/containerd/seccomp-witness.toml"
python3 - "$work/dump.toml" <<'PY' || fail "containerd does not see the seccomp-witness runtime as written"
import sys, tomllib
runtime = tomllib.load(open(sys.argv[1], "rb"))["plugins"]["io.containerd.grpc.v1.cri"]["containerd"]["runtimes"]["seccomp-witness"]
assert runtime["runtime_type"] == "io.containerd.runc.v2", runtime
assert runtime["options"]["BinaryName"] == "/usr/local/bin/seccomp-witness", runtime
assert "seccomp-witness.io/*" in runtime["pod_annotations"], runtime
PY

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

# Again: the operator's config.toml (edited above) stays, containerd's imports are
# not added twice, the binaries are replaced.
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
