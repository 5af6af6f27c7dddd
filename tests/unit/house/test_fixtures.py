"""The test fixtures are complete, small, reproducible, and nothing reaches outside the repository."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import geopandas as gpd
import shapely

from tests.conftest import BOUNDARIES, REPO
from tests.fixtures import make_boundaries


def test_boundary_fixture_is_what_the_generator_writes(tmp_path):
    make_boundaries.write(make_boundaries.build(), tmp_path)
    for layer in ("GEM", "VWG", "KRS", "LAN"):
        committed = gpd.read_file(BOUNDARIES / f"VG5000_{layer}.shp")
        fresh = gpd.read_file(tmp_path / f"VG5000_{layer}.shp")
        assert committed.crs.to_epsg() == 31467, layer
        assert committed.drop(columns="geometry").equals(fresh.drop(columns="geometry")), layer
        assert all(shapely.equals_exact(committed.geometry.values, fresh.geometry.values, tolerance=0.01)), layer
    assert (BOUNDARIES / "aktualitaet.txt").read_text(encoding="latin-1").strip() == "01.01.2021"


def test_boundary_fixture_is_a_small_valid_coverage():
    assert sum(p.stat().st_size for p in BOUNDARIES.iterdir()) < 300_000
    gem = gpd.read_file(BOUNDARIES / "VG5000_GEM.shp")
    assert gem.geometry.is_valid.all()
    assert shapely.coverage_is_valid(gem.geometry.values)
    assert {"GF", "ARS", "AGS", "GEN", "BEZ"} <= set(gem.columns)


def test_fixture_files_are_committed():
    tracked = subprocess.run(["git", "ls-files", "tests/fixtures/boundaries"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.split()
    on_disk = sorted(str(p.relative_to(REPO)) for p in BOUNDARIES.iterdir())
    assert sorted(tracked) == on_disk


def test_nothing_reads_outside_the_repository():
    """Tests, benchmarks and scripts run on a clone with nothing beside it (no sibling folder named shared)."""
    pattern = re.compile(r"""\.\./shared|parent\s*/\s*["']shared["']|parents\[\d\]\s*/\s*["']shared["']""")
    offenders = []
    for folder in ("tests", "bench", "scripts", ".ci"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in ("", ".py", ".sh", ".md", ".txt", ".toml", ".ini", ".cfg"):
                text = path.read_text(encoding="utf-8", errors="replace")
                if path != Path(__file__) and pattern.search(text):
                    offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
