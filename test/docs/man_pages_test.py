#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The man pages and the binaries' --help/--version agree.

Every option and subcommand that seccomp-witnessctl's --help lists (at every
level) is in seccomp-witnessctl(8), and every option that page names exists;
the annotations and environment variables of the wrapper's --help are in
seccomp-witness(8), and every annotation that page documents is in the help; the
wrapper's --version keeps the real runtime's lines first; the versions of all
three binaries are the one in the pages' headers.

usage: man_pages_test.py WRAPPER CTL MONITOR WRAPPER_MAN CTL_MAN   (RUNC in the environment)
"""
import os
import re
import subprocess
import sys

wrapper, ctl, monitor, wrapper_man, ctl_man = sys.argv[1:6]
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def page_text(path):
    """The man page's words, with troff escapes and fonts removed."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"\\f[BIRP]", "", text).replace("\\-", "-")
    return text


def run(*args, env=None):
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=30)
    return result.returncode, result.stdout + result.stderr


def page_version(text):
    match = re.search(r'^\.TH \S+ \d+ "[^"]*" "seccomp-witness (\S+)"', text, re.M)
    return match.group(1) if match else None


# ---------------------------------------------------------------- seccomp-witnessctl
ctl_page = page_text(ctl_man)
version = page_version(ctl_page)
check(version is not None, f"{ctl_man}: no version in .TH")

help_options, subcommands = set(), set()


def walk(path):
    code, out = run(ctl, *path, "--help")
    check(code == 0, f"seccomp-witnessctl {' '.join(path)} --help: exit {code}")
    help_options.update(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", out))
    section = out.split("Subcommands:", 1)
    if len(section) == 2:
        for name in re.findall(r"^  (\S+)", section[1], re.M):
            subcommands.add(name)
            walk(path + [name])


walk([])
for item in sorted(help_options | subcommands):
    check(re.search(rf"(?<![\w-]){re.escape(item)}(?![\w-])", ctl_page) is not None,
          f"seccomp-witnessctl(8) does not document {item}")
for option in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", ctl_page))):
    check(option in help_options, f"seccomp-witnessctl(8) documents {option}, which --help does not know")
code, out = run(ctl, "--version")
check(code == 0 and out.strip() == f"seccomp-witnessctl version {version}",
      f"seccomp-witnessctl --version says {out.strip()!r}, the page {version}")

# ---------------------------------------------------------------- seccomp-witness
wrapper_page = page_text(wrapper_man)
check(page_version(wrapper_page) == version, f"{wrapper_man}: version differs from {ctl_man}")
env = dict(os.environ, SECCOMP_WITNESS_RUNTIME=os.environ["RUNC"], SECCOMP_WITNESS_CONFIG="/nonexistent")
code, out = run(wrapper, "--help", env=env)
check(code == 0, f"seccomp-witness --help: exit {code}")
ours = out.split("Config file:", 1)[0]
check("runc" in out.split("Config file:", 1)[-1], "seccomp-witness --help does not go on with runc's help")
annotation = r"(?:seccomp-witness\.io/[\w-]+|io\.kubernetes\.[\w.-]+)"
for name in sorted(set(re.findall(annotation, ours)) | set(re.findall(r"SECCOMP_WITNESS_\w+", ours))):
    check(name in wrapper_page, f"seccomp-witness(8) does not document {name}")
documented = wrapper_page.split(".SH ANNOTATIONS", 1)[1].split(".SH", 1)[0]
for name in sorted(set(re.findall(annotation, documented))):
    check(name in ours, f"seccomp-witness --help does not list the annotation {name}")
for flag in ("--version", "-v"):
    code, out = run(wrapper, flag, env=env)
    lines = out.strip().splitlines()
    check(code == 0 and lines and lines[0].startswith("runc version"),
          f"seccomp-witness {flag}: runc's version does not come first: {out!r}")
    check(lines and lines[-1].startswith(f"seccomp-witness version {version} "),
          f"seccomp-witness {flag}: last line {lines[-1] if lines else ''!r}")
for flag in ("--version", "-v", "--help", "-h"):
    check(re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", wrapper_page) is not None,
          f"seccomp-witness(8) does not document {flag}")

# ---------------------------------------------------------------- seccomp-witness-monitor
code, out = run(monitor, "--version")
check(code == 0 and out.startswith(f"seccomp-witness-monitor version {version}:"), f"monitor --version: {out!r}")

for failure in failures:
    print("FAIL:", failure)
print(f"{len(failures)} disagreement(s) between the man pages and the binaries")
sys.exit(1 if failures else 0)
