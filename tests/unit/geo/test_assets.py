"""geo.assets: Leaflet is copied into the app's static folder and served from /app/static/, never a CDN."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo import assets


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    return tmp_path / "static"


def _source(rel: str) -> Path:
    import xstatic.pkg.leaflet as xleaflet

    return Path(xleaflet.BASE_DIR) / rel


def test_install_copies_every_file(static_dir):
    target = assets.install_leaflet(static_dir)
    assert target == static_dir / f"vendor/leaflet-{assets.LEAFLET_VERSION}"
    for rel in assets.LEAFLET_FILES:
        copied = target / rel
        assert copied.is_file(), rel
        assert copied.read_bytes() == _source(rel).read_bytes(), rel
    assert not list(target.rglob("*.tmp")), "temporary files are left behind"


def test_install_is_idempotent(static_dir):
    target = assets.install_leaflet(static_dir)
    # Make a second copy distinguishable: set old timestamps and check they survive.
    for rel in assets.LEAFLET_FILES:
        os.utime(target / rel, ns=(1_000_000_000, 1_000_000_000))
    assert assets.install_leaflet(static_dir) == target
    for rel in assets.LEAFLET_FILES:
        assert (target / rel).stat().st_mtime_ns == 1_000_000_000, f"{rel} was copied again"
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == \
        sorted(assets.LEAFLET_FILES)


def test_install_repairs_a_truncated_file(static_dir):
    target = assets.install_leaflet(static_dir)
    js = target / "leaflet.js"
    js.write_text("// half written")
    assets.install_leaflet(static_dir)
    assert js.read_bytes() == _source("leaflet.js").read_bytes()


def test_urls_point_to_the_app_itself():
    urls = [assets.leaflet_js_url(), assets.leaflet_css_url(), assets.map_css_url()]
    for url in urls:
        assert url.startswith("/app/static/"), url
        assert "//" not in url, url
    assert assets.leaflet_js_url() == f"/app/static/vendor/leaflet-{assets.LEAFLET_VERSION}/leaflet.js"
    assert assets.leaflet_css_url() == f"/app/static/vendor/leaflet-{assets.LEAFLET_VERSION}/leaflet.css"


def test_urls_match_the_installed_files(static_dir):
    target = assets.install_leaflet(static_dir)
    for url in (assets.leaflet_js_url(), assets.leaflet_css_url()):
        rel = url.removeprefix(assets.URL_PREFIX + "/")
        assert (static_dir / rel).is_file(), url
        assert (static_dir / rel).parent == target
    # map.css is part of the repository, not of the Leaflet copy.
    assert (assets.STATIC_DIR / assets.map_css_url().removeprefix(assets.URL_PREFIX + "/")).is_file()


def test_concurrent_installs_do_not_collide(static_dir):
    """app.py calls install_leaflet on every run of every session, and sessions run in parallel threads."""
    import threading

    writers = 8
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def install():
        barrier.wait()
        try:
            assets.install_leaflet(static_dir)
        except BaseException as exc:  # noqa: BLE001 - collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=install) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    target = static_dir / assets.LEAFLET_DIR_NAME
    for rel in assets.LEAFLET_FILES:
        assert (target / rel).read_bytes() == _source(rel).read_bytes(), rel
    assert not list(target.rglob("*.tmp")), "temporary files are left behind"
