"""Is there a Java runtime Spark can start on?  Checked before Spark is, so the user gets a clear message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

#: Spark 4 runs on Java 17 or 21.
MIN_JAVA = 17
INSTALL_HINT = (
    "Spark needs a Java runtime, version 17 or later: on Debian or Ubuntu `sudo apt-get install -y openjdk-17-jre-headless`, "
    "on macOS `brew install openjdk@17`; or set JAVA_HOME to an installed Java 17+."
)


class JavaMissing(RuntimeError):
    """No usable Java runtime: Spark cannot start here."""


def java_executable() -> str | None:
    """The ``java`` Spark's launcher will use: ``$JAVA_HOME/bin/java``, else ``java`` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None
    return shutil.which("java")


def java_major(java: str) -> int | None:
    """The major version ``java -version`` reports (8 for "1.8.0_x"), or None when it cannot be read."""
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def require_java() -> str:
    """The path of a Java 17+ runtime; raises :class:`JavaMissing` saying how to install one."""
    java = java_executable()
    if java is None:
        where = f"JAVA_HOME={os.environ['JAVA_HOME']} has no bin/java" if os.environ.get("JAVA_HOME") else "no `java` on the PATH"
        raise JavaMissing(f"{where}. {INSTALL_HINT}")
    major = java_major(java)
    if major is None:
        raise JavaMissing(f"{java} does not run or report its version. {INSTALL_HINT}")
    if major < MIN_JAVA:
        raise JavaMissing(f"{java} is Java {major}; Spark needs {MIN_JAVA} or later. {INSTALL_HINT}")
    return java
