"""Disclosure through app.py: publication policy and access links on /daten (signed in), a municipality's
link opening its own profile in that session only, wrong links, and nothing named for the public."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.auth import hash_password

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "richtig-geheim-2025"
BARLEBEN = "15083040"


@pytest.fixture
def password(monkeypatch, data_dir):
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD_HASH", hash_password(PASSWORD, iterations=1000))
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    return data_dir


def plain(text) -> str:
    return re.sub(r"\\(.)", r"\1", str(text))


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "success", "error") for e in at.get(kind)]
    return plain("\n".join(str(p) for p in parts))


def open_page(page: str, query: dict | None = None, staff: bool = False) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    if staff:
        at.session_state["daten_angemeldet"] = True
    if query:
        at.query_params.update(query)
    at.run()
    if page != "app_pages/uebersicht.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def store():
    from data.loading import data_dir_from_env
    from data.store import open_store, url_from_env

    return open_store(url_from_env(data_dir_from_env()))


def test_staff_set_the_wave_named_and_release_a_unit(password):
    at = open_page("app_pages/daten.py", staff=True)
    headings = [s.value for s in at.subheader]
    assert "Veröffentlichung" in headings and "Zugangslinks für Kommunen" in headings
    at.radio[0].set_value("namentlich")
    [m for m in at.multiselect if m.label.startswith("Kommunen, die der namentlichen")][0].set_value([BARLEBEN])
    [b for b in at.button if b.label == "Speichern (als neue Version)"][0].click().run()
    assert not at.exception
    assert "Welle 2023 wird namentlich veröffentlicht (1 Kommunen freigegeben)" in texts(at)
    version = store().versions()[0]
    assert (version.action, version.policy) == ("freigabe", "namentlich")
    assert store().releases(version.id) == {BARLEBEN}
    # the public now sees Barleben's own answers – and still nobody else's
    at = open_page("app_pages/kommune.py", {"kommune": BARLEBEN})
    assert "Eigene Antwort:" in texts(at)
    at = open_page("app_pages/kommune.py", {"kommune": "15083490"})
    assert "Eigene Antwort" not in texts(at) and "nicht zugestimmt" in texts(at)


def test_without_sign_in_the_page_offers_no_links(password):
    at = open_page("app_pages/daten.py")
    assert "Zugangslinks für Kommunen" not in [s.value for s in at.subheader]


def test_a_link_is_issued_once_listed_and_opens_the_own_profile(password):
    at = open_page("app_pages/daten.py", staff=True)
    form_unit = [s for s in at.selectbox if s.label == "Kommune"][0]
    form_unit.set_value(BARLEBEN)
    [b for b in at.button if b.label == "Zugangslink erstellen"][0].click().run()
    assert not at.exception
    codes = [c.value for c in at.code]
    assert len(codes) == 1 and "/kommune?zugang=" in codes[0]
    token = codes[0].split("zugang=", 1)[1]
    listed = at.dataframe[-1].value
    assert list(listed["Kommune"]) == ["Barleben"] and list(listed["Status"]) == ["gültig"]
    assert list(listed["Zuletzt benutzt"]) == ["–"]
    at.run()
    assert not at.code  # shown once

    own = open_page("app_pages/kommune.py", {"zugang": token})
    assert "Sie sehen die eigenen Antworten dieser Kommune" in texts(own)
    assert "Eigene Antwort:" in texts(own)
    assert "zugang" not in own.query_params and own.query_params.get("kommune") in (BARLEBEN, [BARLEBEN])
    assert own.session_state["_zugang"]["unit_key"] == BARLEBEN
    # every other page of the same session shows what the public sees (a projected page names nobody)
    own.switch_page("app_pages/baukasten.py")
    own.run()
    assert not own.exception
    assert "das schon zu tun" not in texts(own) and "wird nicht genannt" in texts(own)
    own.switch_page("app_pages/karte.py")
    own.run()
    table = [d.value for d in own.dataframe if "Fragebogen" in d.value.columns]
    assert table and "ja" not in set(table[0]["Fragebogen"])
    own.switch_page("app_pages/kommune.py")
    own.run()
    assert "Eigene Antwort:" in texts(own)  # and the own profile still opens
    # another profile in the same session stays closed
    own.session_state["f_kommune"] = ["15083490"]
    own.run()
    assert "Eigene Antwort" not in texts(own)
    # the listing shows the use
    at = open_page("app_pages/daten.py", staff=True)
    assert at.dataframe[-1].value["Zuletzt benutzt"].iloc[0] != "–"


@pytest.mark.parametrize("kind", ["unknown", "expired", "revoked"])
def test_wrong_expired_and_revoked_links_get_the_same_message(password, kind):
    from data import access

    open_page("app_pages/uebersicht.py")  # the store exists
    today = dt.date.today()
    token, record = access.issue(store(), BARLEBEN, "Test", today)
    if kind == "unknown":
        token = token[::-1]
    elif kind == "expired":
        with store().engine.begin() as conn:
            conn.execute(access.tokens_t.update().values(
                expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    else:
        access.revoke(store(), record.id, "Test")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["zugang"] = token
    at.run()  # the frame checks the link on the first run, whichever page it opens
    assert not at.exception
    assert [plain(w.value) for w in at.warning if "Zugangslink" in plain(w.value)] == [access.INVALID_MESSAGE]
    assert "_zugang" not in at.session_state and "zugang" not in at.query_params
    at.switch_page("app_pages/kommune.py")
    at.run()
    assert "Eigene Antwort" not in texts(at)
