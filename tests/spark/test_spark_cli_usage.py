"""Before Spark starts: the Java check and its message, and usage errors of ``batch --engine spark`` (no JVM needed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from partyscreen.spark._java import INSTALL_HINT, JavaMissing, require_java
from partyscreen.spark._session import spark_session

CLI = [sys.executable, "-m", "partyscreen.cli"]


def _batch(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "--db", str(db), "batch", *args], capture_output=True, text=True, timeout=300,
        env={**os.environ, "COLUMNS": "200", "PARTYSCREEN_USER": "tester", **(env or {})},
    )


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("usage") / "ps.db"
    subprocess.run([*CLI, "--db", str(db), "lists", "import", "--sample"], check=True, capture_output=True, timeout=300)
    return db


@pytest.fixture
def no_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment whose PATH has no java (only this interpreter) and no JAVA_HOME."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    return {"PATH": str(bin_dir), "JAVA_HOME": ""}


def test_without_java_the_message_says_how_to_install_it(no_java: dict[str, str]) -> None:
    with pytest.raises(JavaMissing) as caught:
        require_java()
    assert "apt-get install -y openjdk-17-jre-headless" in str(caught.value) and INSTALL_HINT in str(caught.value)
    with pytest.raises(JavaMissing):
        spark_session("local[1]")  # refused before any JVM is started


def test_a_java_home_without_java_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(JavaMissing, match="JAVA_HOME=.* has no bin/java"):
        require_java()


def test_too_old_a_java_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text('#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n')
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(JavaMissing, match="Java 11; Spark needs 17"):
        require_java()


def test_cli_without_java_fails_with_the_install_hint(sample_db: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Inspur Group\n")
    env = {"PATH": str(Path(sys.executable).parent), "JAVA_HOME": str(tmp_path / "nowhere")}
    proc = _batch(sample_db, str(src), "-o", str(tmp_path / "out.jsonl"), "--engine", "spark", env=env)
    assert proc.returncode == 1, proc.stderr
    assert "openjdk-17-jre-headless" in proc.stderr
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["--engine", "hadoop"], "--engine"),
        (["--master", "local[2]"], "--master"),  # a master without the spark engine
        (["--engine", "spark", "--book"], "--book"),
    ],
)
def test_usage_errors_exit_2(sample_db: Path, tmp_path: Path, args: list[str], hint: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Inspur Group\n")
    proc = _batch(sample_db, str(src), "-o", str(tmp_path / "out.jsonl"), *args)
    assert proc.returncode == 2 and hint in proc.stderr


def test_spark_output_must_be_jsonl_or_parquet(sample_db: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Inspur Group\n")
    proc = _batch(sample_db, str(src), "-o", str(tmp_path / "out.csv"), "--engine", "spark")
    assert proc.returncode == 2 and ".parquet" in proc.stderr


def test_cli_spark_engine_writes_the_single_process_lines(sample_db: Path, tmp_path: Path) -> None:
    """The headline command, end to end: same lines as single-process batch, one audit record, --fail-on honoured."""
    try:
        require_java()
    except JavaMissing as exc:
        pytest.skip(f"Spark tests skipped: {exc}")
    src = tmp_path / "in.csv"
    src.write_text('id,name,schema,country,note\nc1,Inspur Group,Company,CN,"=HYPERLINK(""x"")"\nc2,Acme Widgets LLC,,US,keep me\n'
                   "c3,,,,no name\nc4,Huawei Technologies,,,\n")
    single = _batch(sample_db, str(src), "-o", str(tmp_path / "single.jsonl"))
    assert single.returncode == 0, single.stderr
    proc = _batch(sample_db, str(src), "-o", str(tmp_path / "spark.jsonl"), "--engine", "spark", "--master", "local[1]", "--fail-on", "review")
    assert proc.returncode == 3, proc.stderr  # the sample list has hits at or above review
    spark_lines = (tmp_path / "spark.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(spark_lines) == sorted((tmp_path / "single.jsonl").read_text(encoding="utf-8").splitlines())
    assert "in.csv:4: the name is empty" in proc.stderr and "audit record" in proc.stderr and "sha256" in proc.stderr
    assert "screened 3 parties" in proc.stderr
