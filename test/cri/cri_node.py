# SPDX-License-Identifier: Apache-2.0
"""A private containerd with its CRI plugin, set up as a node would be, and a CRI
client that calls it the way kubelet does (test/cri/cri_subset.proto).

The node: its own root, state and socket; config.toml as Debian ships it (the
CRI section with CNI dirs), then contrib/containerd/runc-runtime.toml and
contrib/containerd/seccomp-witness.toml appended as shipped, with only paths
changed; restrict_oom_score_adj, since lowering oom_score_adj is refused on the
machines we test on; a pause image and a workload image built here from
busybox-static and our probe, with no registry.
"""
import importlib
import os
import pathlib
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

import grpc

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
IMAGE = "localhost/sw-cri:test"
APPLETS = ["sh", "echo", "cat", "ls", "sleep", "chroot", "swapoff", "true", "id"]


def env(name):
    return os.environ.get(name, "")


def load_cri_modules(workdir):
    """The message and stub modules of our CRI subset, generated with grpc_tools."""
    out = pathlib.Path(workdir) / "cri_gen"
    out.mkdir(exist_ok=True)
    from grpc_tools import protoc

    status = protoc.main(["protoc", f"-I{HERE}", f"--python_out={out}", f"--grpc_python_out={out}",
                          str(HERE / "cri_subset.proto")])
    if status != 0:
        raise RuntimeError("protoc failed on cri_subset.proto")
    sys.path.insert(0, str(out))
    return importlib.import_module("cri_subset_pb2"), importlib.import_module("cri_subset_pb2_grpc")


def run(*args, check=True, **kw):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))}: exit {result.returncode}: {result.stderr.strip()}")
    return result


def build_image(workdir):
    """An OCI archive of busybox-static and the probe, made with podman (own storage)."""
    work = pathlib.Path(workdir) / "image"
    rootfs = work / "rootfs"
    for d in ["bin", "tmp", "dev", "proc", "sys", "etc"]:
        (rootfs / d).mkdir(parents=True, exist_ok=True)
    shutil.copy(env("BUSYBOX"), rootfs / "bin" / "busybox")
    for applet in APPLETS:
        (rootfs / "bin" / applet).symlink_to("busybox")
    shutil.copy(env("PROBE"), rootfs / "bin" / "probe")
    (rootfs / "etc" / "passwd").write_text("root:x:0:0:root:/:/bin/sh\n")
    # What a pause image runs (CRI-O runs its pause_command, without arguments).
    (rootfs / "pause").write_text("#!/bin/sh\nexec sleep 1000000\n")
    (rootfs / "pause").chmod(0o755)
    podman = [env("PODMAN"), "--root", work / "storage", "--runroot", work / "run", "--storage-driver", "vfs"]
    tar = subprocess.Popen(["tar", "-C", rootfs, "-c", "."], stdout=subprocess.PIPE)
    run(*podman, "import", "--change", 'CMD=["/bin/sleep","1000000"]', "-", IMAGE, stdin=tar.stdout)
    tar.stdout.close()
    tar.wait()
    archive = work / "image.tar"
    run(*podman, "save", "--format", "oci-archive", "-o", archive, IMAGE)
    return archive


class Cri:
    """kubelet's side of the CRI, as far as the tests need it."""

    def __init__(self, socket, pb, stubs):
        self.pb = pb
        self.channel = grpc.insecure_channel(f"unix://{socket}")
        self.rt = stubs.RuntimeServiceStub(self.channel)

    def version(self):
        return self.rt.Version(self.pb.VersionRequest(version="v1"), timeout=10)

    def pod_config(self, name, annotations, uid=None, attempt=0):
        pb = self.pb
        uid = uid or str(uuid.uuid4())
        labels = {"io.kubernetes.pod.name": name, "io.kubernetes.pod.namespace": "default",
                  "io.kubernetes.pod.uid": uid}
        # Host network (no CNI needed, and no hostname: kubelet sets none there); a pid
        # namespace of its own per container, as kubelet does by default.
        ns = pb.NamespaceOption(network=pb.NODE, pid=pb.CONTAINER, ipc=pb.POD)
        return pb.PodSandboxConfig(
            metadata=pb.PodSandboxMetadata(name=name, uid=uid, namespace="default", attempt=attempt),
            log_directory=f"/tmp/sw-cri-logs/{uid}", labels=labels,
            annotations={"kubernetes.io/config.source": "api", **annotations},
            linux=pb.LinuxPodSandboxConfig(security_context=pb.LinuxSandboxSecurityContext(
                namespace_options=ns, seccomp=pb.SecurityProfile(profile_type=pb.SecurityProfile.RuntimeDefault))))

    def run_pod(self, config, handler):
        return self.rt.RunPodSandbox(self.pb.RunPodSandboxRequest(config=config, runtime_handler=handler),
                                     timeout=120).pod_sandbox_id

    def create_container(self, pod_id, pod_config, name, command, termination_file, attempt=0, drop=(),
                         host_dirs=(), signal_dir=None):
        """As kubelet builds it: labels, annotations, the termination-log mount; `host_dirs`:
        (path inside, host path) pairs mounted read-only, as hostPath volumes; `signal_dir`:
        a host directory mounted writable at /signal (see exec_in_turn)."""
        pb = self.pb
        pod_labels = dict(pod_config.labels)
        config = pb.ContainerConfig(
            metadata=pb.ContainerMetadata(name=name, attempt=attempt),
            image=pb.ImageSpec(image=IMAGE),
            command=command,
            envs=[pb.KeyValue(key="KUBERNETES_SERVICE_HOST", value="10.96.0.1")],
            mounts=[pb.Mount(container_path="/dev/termination-log", host_path=str(termination_file))] +
            [pb.Mount(container_path=inside, host_path=outside, readonly=True) for inside, outside in host_dirs] +
            ([pb.Mount(container_path="/signal", host_path=str(signal_dir))] if signal_dir else []),
            labels={**pod_labels, "io.kubernetes.container.name": name},
            annotations={"io.kubernetes.container.hash": secrets.token_hex(4),
                         "io.kubernetes.container.restartCount": str(attempt),
                         "io.kubernetes.container.terminationMessagePath": "/dev/termination-log",
                         "io.kubernetes.container.terminationMessagePolicy": "File",
                         "io.kubernetes.pod.terminationGracePeriod": "30"},
            log_path=f"{name}/{attempt}.log",
            linux=pb.LinuxContainerConfig(security_context=pb.LinuxContainerSecurityContext(
                capabilities=pb.Capability(drop_capabilities=list(drop)),
                namespace_options=pod_config.linux.security_context.namespace_options,  # as kubelet: the pod's
                seccomp=pb.SecurityProfile(profile_type=pb.SecurityProfile.RuntimeDefault))))
        container_id = self.rt.CreateContainer(
            pb.CreateContainerRequest(pod_sandbox_id=pod_id, config=config, sandbox_config=pod_config),
            timeout=120).container_id
        self.rt.StartContainer(pb.StartContainerRequest(container_id=container_id), timeout=120)
        return container_id

    def exec_sync(self, container_id, cmd, timeout=30):
        r = self.rt.ExecSync(self.pb.ExecSyncRequest(container_id=container_id, cmd=cmd, timeout=timeout),
                             timeout=timeout + 30)
        return r.exit_code, r.stdout.decode(), r.stderr.decode()

    def exec_in_turn(self, container_id, signal_dir, commands, timeout=60):
        """Runs each command in an exec session of its own: all are started first,
        then each runs the moment the one before has returned, so that the time
        between their calls never depends on how long an exec takes to start (a
        quiet period must not run out in between). The container mounts
        `signal_dir` at /signal; command N says it waits with ready.N, then waits
        for go.N. Returns (exit code, stdout, stderr) of each."""
        signal_dir = pathlib.Path(signal_dir)
        futures = []
        for n, cmd in enumerate(commands):
            script = (f"touch /signal/ready.{n}; while [ ! -e /signal/go.{n} ]; do sleep 0.02; done; "
                      f"exec {' '.join(cmd)}")
            request = self.pb.ExecSyncRequest(container_id=container_id, cmd=["sh", "-c", script], timeout=timeout)
            futures.append(self.rt.ExecSync.future(request, timeout=timeout + 30))
        deadline = time.monotonic() + timeout  # generous: an exec starts in well under a second here
        while not all((signal_dir / f"ready.{n}").exists() for n in range(len(commands))):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the execs in {container_id} did not start within {timeout} s")
            time.sleep(0.02)
        results = []
        for n, future in enumerate(futures):
            (signal_dir / f"go.{n}").touch()
            r = future.result()
            results.append((r.exit_code, r.stdout.decode(), r.stderr.decode()))
        return results

    def status(self, container_id):
        return self.rt.ContainerStatus(self.pb.ContainerStatusRequest(container_id=container_id), timeout=30).status

    def wait_exited(self, container_id, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status = self.status(container_id)
            if status.state == self.pb.CONTAINER_EXITED:
                return status
            time.sleep(0.2)
        return self.status(container_id)

    def stop_and_remove_pod(self, pod_id):
        self.rt.StopPodSandbox(self.pb.StopPodSandboxRequest(pod_sandbox_id=pod_id), timeout=120)
        self.rt.RemovePodSandbox(self.pb.RemovePodSandboxRequest(pod_sandbox_id=pod_id), timeout=120)


class TestNode:
    """What a private node of the tests has, whichever engine: kubelet's
    termination files, and the record of the calls that reached the wrapper."""

    dir: pathlib.Path
    calls: pathlib.Path
    state_root: pathlib.Path

    def termination_file(self, pod_uid, name):
        """As kubelet makes it: an empty file of the pod, mounted at the container's path."""
        path = self.dir / "pods" / pod_uid / "containers" / name / secrets.token_hex(4)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o666)
        return path

    def wrapper_calls(self):
        return self.calls.read_text() if self.calls.exists() else ""

    def pod_log_dir(self, pod_config, container_name):
        """kubelet makes the pod's log dir and the container's in it before CreateContainer."""
        (pathlib.Path(pod_config.log_directory) / container_name).mkdir(parents=True, exist_ok=True)

    def monitors(self):
        """The monitor processes serving containers of this node."""
        out = subprocess.run(["pgrep", "-af", "seccomp-witness-monitor"], capture_output=True, text=True).stdout
        return [line for line in out.splitlines() if f"--state-dir {self.state_root}/" in line]


class Fixture:
    """What a test module needs once: the CRI modules and the image archive."""

    def __init__(self, prefix):
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.pb, self.stubs = load_cri_modules(self.work)
        self.archive = build_image(self.work)

    def close(self):
        shutil.rmtree(self.work, ignore_errors=True)


class Node(TestNode):
    """A private containerd whose CRI plugin offers the handlers runc and seccomp-witness."""

    def __init__(self, real_runtime, image_archive, pb, stubs):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="sw-cri."))
        self.state_root = self.dir / "witness"
        self.calls = self.dir / "wrapper-calls"
        # seccomp-witness's own config.toml: the real runtime, our state dir, the monitor.
        self.witness_config = self.dir / "config.toml"
        self.witness_config.write_text(
            f'runtime = "{real_runtime}"\nstate_dir = "{self.state_root}"\nmonitor = "{env("MONITOR")}"\n')
        # The handler's binary: the wrapper, behind a line that records each call.
        binary = self.dir / "seccomp-witness"
        binary.write_text(f'#!/bin/sh\necho "$*" >>{self.calls}\nexec {env("WRAPPER")} "$@"\n')
        binary.chmod(0o755)
        (self.dir / "cni").mkdir()
        config = ('version = 2\n\n[plugins]\n  [plugins."io.containerd.grpc.v1.cri"]\n'
                  f'    sandbox_image = "{IMAGE}"\n    restrict_oom_score_adj = true\n'
                  '    [plugins."io.containerd.grpc.v1.cri".cni]\n      bin_dir = "/usr/lib/cni"\n'
                  f'      conf_dir = "{self.dir}/cni"\n\n')
        config += (REPO / "contrib/containerd/runc-runtime.toml").read_text()
        handler = (REPO / "contrib/containerd/seccomp-witness.toml").read_text()
        handler = handler.replace('BinaryName = "/usr/local/bin/seccomp-witness"', f'BinaryName = "{binary}"')
        handler = handler.replace('Root = "/run/containerd/runc"', f'Root = "{self.dir}/runtime-root"')
        if str(binary) not in handler or f"{self.dir}/runtime-root" not in handler:
            raise RuntimeError("contrib/containerd/seccomp-witness.toml no longer has the paths this test changes")
        (self.dir / "containerd.toml").write_text(config + "\n" + handler)
        self.socket = self.dir / "containerd.sock"
        self.log = open(self.dir / "containerd.log", "w")
        self.process = subprocess.Popen(
            [env("CONTAINERD"), "--config", self.dir / "containerd.toml", "--root", self.dir / "root",
             "--state", self.dir / "state", "--address", self.socket],
            stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "SECCOMP_WITNESS_CONFIG": str(self.witness_config)})
        deadline = time.monotonic() + 30
        while not self.socket.exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("containerd did not come up: " + (self.dir / "containerd.log").read_text()[-2000:])
            time.sleep(0.1)
        self.ctr("images", "import", image_archive)
        self.cri = Cri(self.socket, pb, stubs)
        self.cri.version()  # the CRI plugin loaded

    def ctr(self, *args):
        return run(env("CTR"), "--address", self.socket, "--namespace", "k8s.io", *args)

    def close(self):
        # What a failed test left: each task ended and deleted, so that its shim ends too.
        for line in self.ctr("containers", "ls", "-q").stdout.split():
            for action in (["kill", "-s", "KILL"], ["delete", "--force"]):
                subprocess.run([env("CTR"), "--address", self.socket, "-n", "k8s.io", "tasks", *action, line],
                               capture_output=True)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        subprocess.run(["umount", "-R", self.dir / "root"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def kubelet_message(path):
    """What kubelet reads of a termination message file: its last 4 KiB."""
    data = pathlib.Path(path).read_bytes()
    return data[-4096:].decode()
