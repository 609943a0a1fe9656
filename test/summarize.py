#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Prints 'N passed, N failed, N skipped' over the meson build dirs given.

Counts GoogleTest cases from meson's JUnit log; a test program that failed without
reporting a failing case (a crash, a timeout) counts as one failure of its own.
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

passed = failed = skipped = 0
for build in sys.argv[1:]:
    logs = Path(build) / "meson-logs"
    suites_with_failures = []
    junit = logs / "testlog.junit.xml"
    if junit.exists():
        for suite in ET.parse(junit).getroot().iter("testsuite"):
            for case in suite.iter("testcase"):
                if case.find("failure") is not None or case.find("error") is not None:
                    failed += 1
                    suites_with_failures.append(suite.get("name", ""))
                elif case.find("skipped") is not None or case.get("status") == "notrun":
                    skipped += 1
                else:
                    passed += 1
    results = logs / "testlog.json"
    if results.exists():
        for line in results.read_text().splitlines():
            program = json.loads(line)
            if program.get("result") not in ("FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS"):
                continue
            # JUnit suites are named "<project>.<program name>.<gtest suite>".
            if not any(f".{program.get('name', '')}." in s for s in suites_with_failures):
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
