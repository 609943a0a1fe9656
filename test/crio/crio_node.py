# SPDX-License-Identifier: Apache-2.0
"""A private CRI-O (../shared/crio: 1.26.4 built from its source), set up as a node
would be, beside test/cri's containerd one: the same CRI client drives both.

CRI-O gets its own root, runroot, socket and dirs, vfs storage, cgroupfs, and the
drop-in and config.toml that contrib/install-node.sh installs (from contrib/ as
shipped), only their paths changed. seccomp-witness's config.toml is not where an
installed node has it: CRI-O starts conmon, and conmon the runtime, with conmon_env only, so the
test names it there (SECCOMP_WITNESS_CONFIG), as an operator would for a config
file elsewhere, and in CRI-O's own environment, since CRI-O calls the runtime
itself for state, kill and delete. A second handler, "runc-notifier", allows CRI-O's own notifier,
to compare with it.

Machine limit: CRI-O 1.26 gives every infra container oom_score_adj -998, with no
setting to turn it off, and this machine kind refuses lowering it; the real
runtime named here is runc behind a line that drops that one field, and only a
negative one, from the bundle before runc reads it.
"""
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "cri"))
import cri_node  # noqa: E402
from cri_node import IMAGE, REPO, env, run  # noqa: E402,F401


def shared_crio():
    """Where the CRI-O build is: $SECCOMP_WITNESS_SHARED/crio, else ../shared/crio beside the clone."""
    shared = pathlib.Path(os.environ.get("SECCOMP_WITNESS_SHARED", REPO.parent / "shared"))
    crio = shared / "crio"
    return crio if (crio / "crio.xz").exists() and (crio / "pinns").exists() else None


class CrioNode(cri_node.TestNode):
    """CRI-O with the handlers runc, seccomp-witness (the drop-in) and runc-notifier."""

    def __init__(self, real_runtime, image_archive, pb, stubs):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="sw-crio."))
        d = self.dir
        crio_dir = shared_crio()
        self.crio = d / "crio"
        with open(self.crio, "wb") as out:
            subprocess.run(["xz", "-dc", crio_dir / "crio.xz"], stdout=out, check=True)
        self.crio.chmod(0o755)
        self.state_root = d / "witness"
        self.calls = d / "wrapper-calls"
        # The real runtime: runc or crun, without an infra container's negative oom_score_adj.
        runtime = d / "real-runtime"
        runtime.write_text(
            "#!/bin/sh\n"
            "# Lowering oom_score_adj is refused on this machine kind (see crio_node.py).\n"
            'bundle=; prev=\nfor a in "$@"; do [ "$prev" = --bundle ] || [ "$prev" = -b ] && bundle=$a; prev=$a; done\n'
            'if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then\n'
            '  jq -c \'if (.process.oomScoreAdj // 0) < 0 then del(.process.oomScoreAdj) else . end\' '
            '"$bundle/config.json" > "$bundle/config.json.sw" && mv "$bundle/config.json.sw" "$bundle/config.json"\n'
            "fi\n"
            f'exec {real_runtime} "$@"\n')
        runtime.chmod(0o755)
        # What contrib/install-node.sh installs on a CRI-O node, into a root of its own.
        node = d / "node"
        (node / "etc/crio/crio.conf.d").mkdir(parents=True)
        (node / "usr/bin").mkdir(parents=True)
        shutil.copy(env("RUNC"), node / "usr/bin/runc")
        run("bash", REPO / "contrib/install-node.sh", "--from", self.image_layout(), "--host-root", node,
            "--engine", "crio")
        installed = node / "usr/local/bin/seccomp-witness"
        monitor = node / "usr/local/libexec/seccomp-witness/seccomp-witness-monitor"
        # Its config.toml, with only the paths changed: the real runtime, the state dir, the monitor.
        self.witness_config = d / "config.toml"
        config = (node / "etc/seccomp-witness/config.toml").read_text()
        config = config.replace('runtime = "/usr/bin/runc"', f'runtime = "{runtime}"')
        config = config.replace('state_dir = "/run/seccomp-witness"', f'state_dir = "{self.state_root}"')
        config = config.replace('monitor = "/usr/local/libexec/seccomp-witness/seccomp-witness-monitor"',
                                f'monitor = "{monitor}"')
        if config.count(str(d)) != 3:
            raise RuntimeError("the installed config.toml no longer has the paths this test changes")
        self.witness_config.write_text(config)
        wrapper = d / "seccomp-witness"
        wrapper.write_text(f'#!/bin/sh\necho "$*" >>{self.calls}\nexec {installed} "$@"\n')
        wrapper.chmod(0o755)
        self.installed_drop_in = node / "etc/crio/crio.conf.d/10-seccomp-witness.conf"
        for sub in ["root", "run", "logs", "cni", "conf.d", "ns", "exits", "attach", "runc-root", "witness-root"]:
            (d / sub).mkdir()
        (d / "policy.json").write_text('{"default":[{"type":"insecureAcceptAnything"}]}')
        self.socket = d / "crio.sock"
        (d / "crio.conf").write_text(f"""[crio]
root = "{d}/root"
runroot = "{d}/run"
storage_driver = "vfs"
log_dir = "{d}/logs"
version_file = "{d}/run/version"
version_file_persist = "{d}/root/version"
clean_shutdown_file = "{d}/root/clean.shutdown"

[crio.api]
listen = "{self.socket}"

[crio.runtime]
default_runtime = "runc"
conmon = "/usr/bin/conmon"
conmon_env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
              "SECCOMP_WITNESS_CONFIG={self.witness_config}"]
cgroup_manager = "cgroupfs"
conmon_cgroup = "pod"
namespaces_dir = "{d}/ns"
container_exits_dir = "{d}/exits"
container_attach_socket_dir = "{d}/attach"
pinns_path = "{crio_dir}/pinns"

[crio.runtime.runtimes.runc]
runtime_path = "{runtime}"
runtime_type = "oci"
runtime_root = "{d}/runc-root"

[crio.runtime.runtimes.runc-notifier]
runtime_path = "{runtime}"
runtime_type = "oci"
runtime_root = "{d}/runc-root"
allowed_annotations = ["io.kubernetes.cri-o.seccompNotifierAction"]

[crio.image]
signature_policy = "{d}/policy.json"
pause_image = "{IMAGE}"
pause_command = "/pause"
pause_image_auth_file = ""

[crio.network]
network_dir = "{d}/cni"
plugin_dirs = ["/usr/lib/cni"]
""")
        drop_in = self.installed_drop_in.read_text()
        changed = drop_in.replace('runtime_path = "/usr/local/bin/seccomp-witness"', f'runtime_path = "{wrapper}"')
        changed = changed.replace('runtime_root = "/run/runc"', f'runtime_root = "{d}/witness-root"')
        if changed.count(str(d)) != 2:
            raise RuntimeError("contrib/crio/10-seccomp-witness.conf no longer has the paths this test changes")
        (d / "conf.d" / "10-seccomp-witness.conf").write_text(changed)
        run("skopeo", "copy", "--quiet", f"oci-archive:{image_archive}",
            f"containers-storage:[vfs@{d}/root+{d}/run]{IMAGE}")
        self.log = open(d / "crio.log", "w")
        # CRI-O calls the runtime itself too (state, kill, delete), with its own environment.
        self.process = subprocess.Popen(
            [self.crio, "--config", d / "crio.conf", "--config-dir", d / "conf.d"],
            stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "SECCOMP_WITNESS_CONFIG": str(self.witness_config)})
        deadline = time.monotonic() + 60
        while not self.socket.exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("CRI-O did not come up: " + (d / "crio.log").read_text()[-3000:])
            time.sleep(0.1)
        self.cri = cri_node.Cri(self.socket, pb, stubs)
        self.cri.version()

    def image_layout(self):
        """The files install-node.sh takes, laid out as in contrib/kubernetes/Containerfile's image."""
        layout = self.dir / "image"
        layout.mkdir()
        for binary in ("WRAPPER", "MONITOR"):
            shutil.copy(env(binary), layout)
        shutil.copy(REPO / "contrib/config.toml", layout)
        for engine in ("crio", "containerd", "podman"):
            shutil.copytree(REPO / "contrib" / engine, layout / engine)
        return layout

    def close(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        for root in ("runc-root", "witness-root"):
            listing = subprocess.run([env("RUNC"), "--root", self.dir / root, "list", "-q"], capture_output=True,
                                     text=True).stdout.split()
            for cid in listing:
                subprocess.run([env("RUNC"), "--root", self.dir / root, "delete", "-f", cid], capture_output=True)
        subprocess.run(["umount", "-R", self.dir / "run"], capture_output=True)
        subprocess.run(["umount", "-R", self.dir / "ns"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
