"""Where a Spark job's results go, and the hash that proves what they were.

``.jsonl``: one file with one ``batch`` line per party, assembled by the driver
from the parts the executors wrote (so it needs a local master and a path on
the driver's machine).  ``.parquet``: a dataset folder, written by the
executors wherever the cluster can write (``hdfs://``, ``s3a://``, a path).

Either way the results are written beside the target first and put in place
only when complete, so a failed job leaves the previous output as it was.
The hash of a ``.jsonl`` output is the SHA-256 of the file; that of a
``.parquet`` dataset is the SHA-256 of its ``_MANIFEST.sha256`` (one
``sha256  file`` line per part file, the format ``sha256sum -c`` checks),
which is written into the dataset; Spark skips files starting with ``_``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession

MANIFEST = "_MANIFEST.sha256"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Written:
    path: str
    format: str  # "jsonl" or "parquet"
    sha256: str
    bytes: int
    files: int  # part files (1 for .jsonl)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "format": self.format, "sha256": self.sha256, "bytes": self.bytes, "files": self.files}


def output_format(output: str) -> str:
    lowered = output.rstrip("/").lower()
    if lowered.endswith(".jsonl"):
        return "jsonl"
    if lowered.endswith(".parquet"):
        return "parquet"
    raise ValueError(f"{output}: the output must end in .jsonl (one file) or .parquet (a dataset folder)")


def target(spark: SparkSession, output: str, job_id: str) -> JsonlTarget | ParquetTarget:
    """The output, checked before anything is screened; raises ValueError when it cannot be written."""
    if output_format(output) == "jsonl":
        return JsonlTarget(spark, output, job_id)
    return ParquetTarget(spark, output, job_id)


def _file_sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class JsonlTarget:
    format = "jsonl"

    def __init__(self, spark: SparkSession, output: str, job_id: str) -> None:
        if "://" in output or output.startswith("file:"):
            raise ValueError(f"{output}: a .jsonl output is one file the driver writes: give a path on this machine (.parquet writes to cluster storage)")
        if not spark.sparkContext.master.startswith("local"):
            raise ValueError(f"{output}: a .jsonl output needs a local master (the driver joins the parts); on a cluster write .parquet")
        self.spark = spark
        self.path = Path(output).absolute()
        if self.path.is_dir():
            raise ValueError(f"{output} is a folder; a .jsonl output is a file")
        if not self.path.parent.is_dir():
            raise ValueError(f"{self.path.parent}: no such folder")
        self.staging = self.path.with_name(f".{self.path.name}.{job_id}.parts")

    def stage(self, lines: DataFrame) -> None:
        """The executors write their lines, one part file per partition."""
        lines.write.text(str(self.staging))

    def decisions(self) -> dict[str, int]:
        from pyspark.sql import functions as F

        counted = self.spark.read.text(str(self.staging)).groupBy(F.get_json_object("value", "$.decision").alias("d")).count()
        return {row["d"]: row["count"] for row in counted.collect()}

    def publish(self) -> Written:
        """Join the parts into the output file (replacing any older one) and hash it."""
        parts = sorted(p for p in self.staging.iterdir() if p.name.startswith("part-"))
        assembling = self.path.with_name(f".{self.staging.name}.jsonl")
        digest, size = hashlib.sha256(), 0
        with assembling.open("wb") as dst:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
        os.replace(assembling, self.path)
        self.discard()
        return Written(str(self.path), self.format, digest.hexdigest(), size, 1)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


class ParquetTarget:
    format = "parquet"

    def __init__(self, spark: SparkSession, output: str, job_id: str) -> None:
        self.spark = spark
        jvm = spark.sparkContext._jvm
        self._Path: Callable[[str], Any] = jvm.org.apache.hadoop.fs.Path  # type: ignore[union-attr]
        self.path = self._Path(output.rstrip("/"))
        self.fs = self.path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())  # type: ignore[union-attr]
        self.output = output.rstrip("/")
        self._check_replaceable()
        self.staging = self._Path(self.path.getParent(), f".{self.path.getName()}.{job_id}.tmp")

    def _check_replaceable(self) -> None:
        # Only an earlier job's dataset is replaced: pointing --output at another folder must not delete it.
        if not self.fs.exists(self.path):
            return
        if not self.fs.getFileStatus(self.path).isDirectory():
            raise ValueError(f"{self.output} is a file; a .parquet output is a dataset folder")
        if not self.fs.exists(self._Path(self.path, "_SUCCESS")) and len(self.fs.listStatus(self.path)) > 0:
            raise ValueError(f"{self.output} exists and is not a dataset a Spark job wrote (no _SUCCESS); refusing to replace it")

    def stage(self, results: DataFrame) -> None:
        results.write.parquet(self.staging.toString())

    def decisions(self) -> dict[str, int]:
        counted = self.spark.read.parquet(self.staging.toString()).groupBy("decision").count()
        return {row["decision"]: row["count"] for row in counted.collect()}

    def publish(self) -> Written:
        """Hash the part files, write the manifest into the dataset, put it in place."""
        files = (
            self.spark.read.format("binaryFile").load(self.staging.toString()).select("path", "content")
            .rdd.map(lambda row: (row[0].rsplit("/", 1)[-1], hashlib.sha256(row[1]).hexdigest(), len(row[1])))
            .collect()
        )  # fmt: skip
        files.sort()
        manifest = "".join(f"{digest}  {name}\n" for name, digest, _ in files).encode()
        stream = self.fs.create(self._Path(self.staging, MANIFEST), False)
        try:
            stream.write(bytearray(manifest))
        finally:
            stream.close()
        self._check_replaceable()
        if self.fs.exists(self.path):
            self.fs.delete(self.path, True)
        if not self.fs.rename(self.staging, self.path):
            raise OSError(f"could not move the finished dataset {self.staging.toString()} to {self.output}")
        return Written(self.output, self.format, hashlib.sha256(manifest).hexdigest(), sum(size for *_, size in files), len(files))

    def discard(self) -> None:
        if self.fs.exists(self.staging):
            self.fs.delete(self.staging, True)
