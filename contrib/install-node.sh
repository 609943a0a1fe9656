#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs seccomp-witness onto a node: the two static binaries (the wrapper and
# the monitor), /etc/seccomp-witness/config.toml (only when there is none: the
# operator's edits stay), and the runtime configuration for the engines found:
# the CRI-O drop-in, the containerd snippet, the podman drop-in. Safe to run again: binaries
# are replaced by rename, so that running containers' monitors are not disturbed.
#
#   install-node.sh [--from DIR] [--host-root DIR] [--engine auto|crio|containerd|podman|none]
#
# --from: where the binaries and contrib files are (default: this script's folder,
# laid out as in the image of contrib/kubernetes/Containerfile, or a source tree
# with a build in build/). --host-root: the node's / (default /; the DaemonSet
# mounts it at /host). RESTART_RUNTIME=true restarts CRI-O / containerd through
# the node's systemd afterwards (needs hostPID).
set -euo pipefail

from=$(cd "$(dirname "$0")" && pwd)
host=/
engine=auto
while (($#)); do
  case $1 in
    --from) from=$2; shift 2 ;;
    --host-root) host=$2; shift 2 ;;
    --engine) engine=$2; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-node: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case $engine in
  auto | crio | containerd | podman | none) ;;
  *) echo "install-node: --engine must be auto, crio, containerd, podman or none" >&2; exit 2 ;;
esac
host=${host%/}

# A file of ours, from the image layout or else from a source tree.
source_of() {
  local name=$1 candidate
  for candidate in "$from/$name" "$from"/build/shim/*/"$name" "$from/contrib/$name"; do
    [[ -f $candidate ]] && { echo "$candidate"; return; }
  done
  echo "install-node: $name not found under $from" >&2
  exit 1
}

# Copy to a temporary name beside the target, then rename: a binary in use is
# replaced, never overwritten in place (that would fail with ETXTBSY, or worse).
put() {
  local src=$1 dst=$2 mode=$3
  mkdir -p "$(dirname "$dst")"
  install -m "$mode" "$src" "$dst.new.$$"
  mv -f "$dst.new.$$" "$dst"
  echo "install-node: installed $dst"
}

put "$(source_of seccomp-witness)" "$host/usr/local/bin/seccomp-witness" 0755
put "$(source_of seccomp-witness-monitor)" "$host/usr/local/libexec/seccomp-witness/seccomp-witness-monitor" 0755
# Monitors already running keep the program they started with until they are moved.
if compgen -G "$host/run/seccomp-witness/*/monitor.pid" >/dev/null; then
  echo "install-node: running monitors keep their program; 'seccomp-witnessctl restart-monitors' on the node moves them to this one, containers untouched"
fi

config=$host/etc/seccomp-witness/config.toml
if [[ -e $config ]]; then
  echo "install-node: kept $config"
else
  # Point runtime at the node's own runc (distributions put it in different places).
  runtime=/usr/sbin/runc
  for candidate in /usr/sbin/runc /usr/bin/runc /usr/local/sbin/runc /usr/local/bin/runc; do
    [[ -x $host$candidate ]] && { runtime=$candidate; break; }
  done
  mkdir -p "$(dirname "$config")"
  sed "s|^runtime = .*|runtime = \"$runtime\"|" "$(source_of config.toml)" >"$config.new.$$"
  mv -f "$config.new.$$" "$config"
  echo "install-node: wrote $config (runtime = $runtime)"
fi

restart=()
if [[ $engine == crio || ($engine == auto && -d $host/etc/crio) ]]; then
  put "$(source_of crio/10-seccomp-witness.conf)" "$host/etc/crio/crio.conf.d/10-seccomp-witness.conf" 0644
  restart+=(crio)
fi
if [[ $engine == containerd || ($engine == auto && -d $host/etc/containerd) ]]; then
  # Appended to config.toml between markers (an imported file would replace the
  # whole CRI section of config.toml), with containerd's runc handler first when
  # config.toml lists none: containerd reads the runtimes listed as the full list.
  main=$host/etc/containerd/config.toml
  begin='# BEGIN seccomp-witness (contrib/install-node.sh; edits between these lines are replaced)'
  end='# END seccomp-witness'
  runtimes_table='^[[:space:]]*\[plugins\."io\.containerd\.grpc\.v1\.cri"\.containerd\.runtimes\.'
  mkdir -p "$(dirname "$main")"
  [[ -s $main ]] || printf 'version = 2\n' >"$main"
  # What an earlier install left: its block, and its imported snippet.
  kept=$(awk -v b="$begin" -v e="$end" '$0 == b {skip = 1} !skip {print} $0 == e {skip = 0}' "$main")
  old_snippet=$host/etc/containerd/conf.d/seccomp-witness.toml
  [[ -e $old_snippet ]] && rm -f "$old_snippet" && echo "install-node: removed $old_snippet (now in $main)"
  if grep -q "${runtimes_table}seccomp-witness\]" <<<"$kept"; then
    echo "install-node: $main defines the handler seccomp-witness itself; left as it is" >&2
  else
    {
      printf '%s\n' "$kept"
      echo "$begin"
      grep -q "${runtimes_table}runc\]" <<<"$kept" || cat "$(source_of containerd/runc-runtime.toml)"
      cat "$(source_of containerd/seccomp-witness.toml)"
      echo "$end"
    } >"$main.new.$$"
    chmod --reference="$main" "$main.new.$$"
    mv -f "$main.new.$$" "$main"
    echo "install-node: added the runtime handler seccomp-witness to $main"
  fi
  restart+=(containerd)
fi
if [[ $engine == podman || ($engine == auto && -d $host/etc/containers) ]]; then
  # podman reads it at each call: `podman run --runtime seccomp-witness` works at once.
  put "$(source_of podman/seccomp-witness.conf)" "$host/etc/containers/containers.conf.d/seccomp-witness.conf" 0644
fi
((${#restart[@]})) || echo "install-node: no CRI-O or containerd configuration under $host/etc; none written for them"

if [[ ${RESTART_RUNTIME:-false} == true ]]; then
  for unit in "${restart[@]}"; do
    echo "install-node: restarting $unit"
    nsenter --target 1 --mount --uts --ipc --net --pid -- systemctl restart "$unit"
  done
elif ((${#restart[@]})); then
  echo "install-node: restart ${restart[*]} to load the new runtime handler"
fi
