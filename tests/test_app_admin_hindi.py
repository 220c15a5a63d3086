"""The Data admin page in Hindi (AppTest): the sign-in gate, every kind of file, a checked file with
problems and near-miss names, and a load. Every interface string is Hindi; the file checker's and the
loader's own messages (lib.ingest: the summary, each problem's description, the load's one line)
are the stated exception, and the page says so in Hindi."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from test_app_hindi import _interface_strings, english_left, place_names  # noqa: F401 (a fixture)

from app_support import APP
from lib import admin_gate
from lib.ingest import service
from lib.plaintext import md
from lib.ui import admin
from machine import wait_s

PASSWORD = "s3cret-for-hindi-tests"
ACCOUNT = "a.sharma"  # a named account: the gate then asks for the account too
CODE_FILE = b"Block Code,Indicator,Month,Value\n999999,anc_first_trimester,2025-03,80\n"
# Shown as they are on a Hindi page: file formats, and the attribute names a boundary file may use.
FORMATS = {suffix.lstrip(".") for suffixes in service.KINDS.values() for suffix in suffixes}
ATTRIBUTE_EXAMPLES = "DISTRICT, STATE_UT"
NOT_SHOWN = {"autocomplete"}  # the password box's browser hint ('new-password'), not text anyone reads


@pytest.fixture()
def hindi_admin(demo_db, tmp_path, monkeypatch):
    """The app in Hindi on the Data admin page, locked, over a private copy of the demo (a load changes it)."""
    target = tmp_path / "abp.duckdb"
    shutil.copy(demo_db, target)
    monkeypatch.setenv("ABP_DB", str(target))
    monkeypatch.setenv(admin.PASSWORD_ENV, PASSWORD)
    monkeypatch.setenv("ABP_ERROR_LOG", str(tmp_path / "errors.log"))  # sign-in attempts are logged beside it
    monkeypatch.setattr(admin_gate, "LIMITER", admin_gate.AttemptLimiter())
    app = AppTest.from_file(APP, default_timeout=wait_s(120))
    app.secrets["admin_accounts"] = {ACCOUNT: admin_gate.hash_password("named-password-1", iterations=1000)}
    app.query_params["lang"] = "hi"
    app.run()
    app.switch_page("pages/admin.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app, target


def _english(app: AppTest, names: set[str], data: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """English left on the page, outside names and formats, and ``data``: what the file itself says (its
    name, columns, values) and the texts lib.ingest wrote about it."""
    texts = []
    for kind, field, text in _interface_strings(app._tree, []):
        if field in NOT_SHOWN:
            continue
        for exempt in sorted({t for s in data for t in (s, md(s))}, key=len, reverse=True):
            text = text.replace(exempt, " ")
        texts.append((kind, field, text.replace(ATTRIBUTE_EXAMPLES, " ")))
    return english_left(texts, names | FORMATS | {"admin"})


def _sign_in(app: AppTest, password: str) -> AppTest:
    app.text_input(key="admin-password").input(password).run()
    return app.button(key="admin-unlock").click().run()


def test_the_gate_and_every_kind_of_file_in_hindi(hindi_admin, place_names):  # noqa: F811 (the fixture)
    app, _ = hindi_admin
    assert [t.value for t in app.title] == ["डेटा प्रबंधन"]
    assert app.text_input(key="admin-account").label == "खाता"
    assert "साझा पासवर्ड" in app.text_input(key="admin-account").help
    assert _english(app, place_names) == []

    _sign_in(app, "wrong")
    assert [e.value for e in app.error] == ["यह खाता और पासवर्ड मेल नहीं खाते।"]
    assert _english(app, place_names) == []

    _sign_in(app, PASSWORD)  # the shared password signs in as "admin"
    assert app.session_state[admin.UNLOCKED] == "admin" and not app.exception
    assert app.button(key="admin-sign-out").label == "साइन आउट करें"
    assert app.radio(key="admin-kind").options == [
        "संकेतक मान",
        "सीमाएं",
        "संकेतक सूची",
        "समूहों की सूची",
    ]
    for kind in service.KINDS:
        app.radio(key="admin-kind").set_value(kind).run()
        assert not app.exception, kind
        assert app.file_uploader[0].label.startswith("फ़ाइल: "), kind
        assert any(i.value.startswith("जांचने के लिए फ़ाइल चुनें।") for i in app.info), kind
        assert _english(app, place_names) == [], kind


def test_a_checked_file_and_a_load_in_hindi(hindi_admin, place_names):  # noqa: F811 (the fixture)
    app, database = hindi_admin
    app.session_state[admin.UNLOCKED] = "admin"
    app.run()
    # a block code the register does not have: a problem, nothing can be loaded
    app.file_uploader[0].set_value(("march.csv", CODE_FILE, "text/csv")).run()
    assert not app.exception
    report = app.dataframe[0].value
    [headline] = [e.value for e in app.error]
    source, rest = headline.split(": ", 1)
    summary, counts = rest.rsplit("। ", 1)
    assert source == "**march.csv**" and counts == "समस्याएं: 1, टिप्पणियां: 0।"
    assert any("अंग्रेज़ी" in c.value for c in app.caption)  # the checker's messages are in English: said in Hindi
    assert any(m.value.startswith("- पंक्ति 2, स्तंभ 'Block Code': '999999': ") for m in app.markdown)
    assert any(w.value.startswith("जब तक हर समस्या ठीक न हो") for w in app.warning)
    assert all(b.key != "admin-load" for b in app.button)
    from_ingest = ("march.csv", summary, *report.problem, *report.column.dropna())
    assert _english(app, place_names, from_ingest) == []

    # a block name spelt with one letter too many: a suggestion to confirm
    with duckdb.connect(str(database), read_only=True) as con:
        code, name, district, state = con.execute(
            "SELECT b.lgd_code, b.name, d.name, s.name FROM units b JOIN units d ON d.unit_id = b.district_id "
            "JOIN units s ON s.unit_id = b.state_id WHERE b.level = 'block' AND b.aspirational "
            "ORDER BY b.unit_id LIMIT 1"
        ).fetchone()
    misspelt = f"State,District,Block,Indicator,Month,Value\n{state},{district},{name}{name[-1]},anc_first_trimester,"
    app.file_uploader[0].set_value(("april.csv", f"{misspelt}2025-04,55.5\n".encode(), "text/csv")).run()
    assert not app.exception
    assert any("इकाई नाम हूबहू मेल नहीं खाए" in m.value for m in app.markdown)
    editor_labels = {text for kind, field, text in _interface_strings(app._tree, []) if field == "column label"}
    assert {"स्वीकारें", "सुझाई गई इकाई", "फ़ाइल में नाम"} <= editor_labels
    report = app.dataframe[-1].value
    [headline] = [e.value for e in app.error]
    summary = headline.split(": ", 1)[1].rsplit("। ", 1)[0]
    from_ingest = ("april.csv", summary, *report.problem, *report.column.dropna(), *report.value.astype(str))
    assert _english(app, place_names, from_ingest) == []

    # a clean file loads; the success sentence is Hindi around the loader's own line
    app.file_uploader[0].set_value(
        ("may.csv", f"Block Code,Indicator,Month,Value\n{code},anc_first_trimester,2025-05,42.5\n".encode(), "text/csv")
    ).run()
    [headline] = [s.value for s in app.success]
    assert headline.startswith("**may.csv**: ") and headline.endswith("। समस्याएं: 0, टिप्पणियां: 0।")
    app.button(key="admin-load").click().run()
    assert not app.exception
    done = app.success[-1].value
    assert done == "loaded 1 values from may.csv। दूसरे पृष्ठ अगली बार ताज़ा होने पर नया डेटा दिखाएंगे।"
    summary = headline.split(": ", 1)[1].rsplit("। ", 1)[0]
    assert _english(app, place_names, ("loaded 1 values from may.csv", "may.csv", summary)) == []
