"""`partyscreen check` end to end, through a subprocess, on the bundled sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "partyscreen.cli"]


def run(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*CLI, "--db", str(db), *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"}, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("check") / "ps.db"
    run("lists", "import", "--sample", db=path)
    return path


def test_ear99_to_an_entity_list_party_needs_a_licence(db: Path) -> None:
    out = json.loads(run("check", "--party", "end-user=Inspur Group", "--item", "EAR99", "--destination", "CN", "--as-of", "2026-11-29", "--json", db=db).stdout)
    assert set(out) == {"decision", "item", "destination", "as_of", "reasons", "parties"}
    assert (out["decision"], out["item"], out["destination"], out["as_of"]) == ("licence_required", "EAR99", "CN", "2026-11-29")
    el = [r for r in out["reasons"] if r["rule"] == "Entity List" and r["decision"] == "licence_required"]
    assert el and "88 FR 13673" in el[0]["citation"] and "presumption of denial" in el[0]["detail"]
    assert set(el[0]) == {"decision", "rule", "citation", "detail", "party", "entity_id"}
    assert el[0]["party"] == "end-user: Inspur Group"
    cmic = [r for r in out["reasons"] if "Military-Industrial" in r["rule"]]
    assert cmic and cmic[0]["decision"] == "clear"  # informational, not a block
    [party] = out["parties"]
    assert party["role"] == "end-user" and party["decision"] == "licence_required" and party["hits"]


def test_a_clean_party_to_an_embargoed_destination(db: Path) -> None:
    proc = run("check", "--party", "Acme Widgets LLC", "--item", "EAR99", "--destination", "Iran", "--json", "--fail-on", "block", db=db, check=False)
    assert proc.returncode == 3
    out = json.loads(proc.stdout)
    assert out["decision"] == "block" and out["destination"] == "IR"
    assert any("560.204" in r["citation"] for r in out["reasons"])
    table = run("check", "--party", "Acme Widgets LLC", "--item", "EAR99", "--destination", "CU", db=db).stdout
    assert "licence_required" in table and "746.2" in table


def test_as_of_before_the_listing_date(db: Path) -> None:
    out = json.loads(run("check", "--party", "Inspur Group", "--item", "EAR99", "--destination", "CN", "--as-of", "2023-01-01", "--json", db=db).stdout)
    assert out["decision"] == "clear"  # the Entity List entry (2023-03-02) does not apply yet; the CMIC hit is informational
    assert not any(h["list"] == "EL" and h["name"] == "Inspur Group Co., Ltd." for h in out["parties"][0]["hits"])
    screened = json.loads(run("screen", "PJSC AEROFLOT", "--as-of", "2024-01-01", "--json", db=db).stdout)
    assert screened["decision"] == "block"  # the temporary denial order ran to 2024-09-25
    assert not any(h["list"] == "DPL" for h in json.loads(run("screen", "PJSC AEROFLOT", "--json", db=db).stdout)["hits"])


def test_parties_file_with_roles_and_usage_errors(db: Path, tmp_path: Path) -> None:
    src = tmp_path / "parties.csv"
    src.write_text("id,name,country,role\np1,Acme Widgets LLC,US,purchaser\np2,ALEXANDER BRAZHNIKOV JR,,intermediate-consignee\n")
    out = json.loads(run("check", "--parties", str(src), "--item", "3A001", "--destination", "DE", "--json", db=db).stdout)
    assert out["decision"] == "block"
    assert [p["role"] for p in out["parties"]] == ["purchaser", "intermediate-consignee"]
    assert any(r["decision"] == "block" and r["party"].startswith("intermediate-consignee") for r in out["reasons"])
    assert run("check", "--party", "x", "--destination", "DE", db=db, check=False).returncode == 2  # no --item
    bad = run("check", "--party", "x", "--item", "laptop", "--destination", "DE", db=db, check=False)
    assert bad.returncode == 1 and "EAR99" in bad.stderr
