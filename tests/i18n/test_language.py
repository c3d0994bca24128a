"""A person's language: their own choice, else the browser's, else DEFAULT_LANGUAGE; and where it is set."""

import re
from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import refresh
from sqlalchemy import select

from training import i18n
from training.db import db
from training.models import User

GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.8"}


def language_of(user_email: str) -> str:
    return db.session.scalar(select(User.language).where(User.email == user_email))


def test_a_visitor_gets_their_browsers_language(client):
    page = client.get("/login", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Zum Inhalt springen" in page


def test_a_browser_asking_for_a_language_the_site_lacks_gets_the_default(app, client):
    assert '<html lang="en">' in client.get("/login", headers={"Accept-Language": "fr, ja"}).get_data(
        as_text=True
    )
    app.config["DEFAULT_LANGUAGE"] = "de"
    assert '<html lang="de">' in client.get("/login", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )
    assert '<html lang="de">' in client.get("/login").get_data(as_text=True)


def test_the_persons_own_choice_wins_over_the_browser(make_user, auth, client):
    person = make_user(email="anna@example.com")
    auth.login(person.email)
    assert '<html lang="en">' in client.get("/account/", headers=ENGLISH_BROWSER).get_data(as_text=True)
    response = client.post("/account/language", data={"language": "de"})
    assert response.status_code == 302
    assert language_of("anna@example.com") == "de"
    page = client.get("/account/", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert (
        '<html lang="de">' in page and "Meine Schulungen" in page and "Ihre Sprache ist gespeichert." in page
    )
    client.post("/account/language", data={"language": ""})  # none: the browser's again
    assert language_of("anna@example.com") == ""
    assert '<html lang="en">' in client.get("/account/", headers=ENGLISH_BROWSER).get_data(as_text=True)


def test_a_language_the_site_lacks_is_refused_on_the_account_page(make_user, auth, client):
    person = make_user(email="anna@example.com")
    auth.login(person.email)
    response = client.post("/account/language", data={"language": "fr"})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert language_of("anna@example.com") == ""


@pytest.mark.parametrize("code, expected", [("de", "de"), ("de-AT", "de"), ("DE_ch", "de"), ("en-GB", "en"),
                                            ("fr", None), ("", None), (None, None)])  # fmt: skip
def test_supported_reads_a_code_down_to_its_language(code, expected):
    assert i18n.supported(code) == expected


def test_dates_numbers_and_percentages_follow_the_language(app):
    when = datetime(2026, 12, 3, 14, 5, tzinfo=UTC)
    with app.test_request_context(headers=GERMAN_BROWSER):
        assert i18n.long_date(date(2026, 12, 3)) == "3. Dezember 2026"
        assert i18n.date_time(when) == "03.12.2026, 14:05 UTC"
        assert i18n.number(1234.5) == "1.234,5"
        assert i18n.percent(80) == "80\xa0%"
    with app.test_request_context(headers=ENGLISH_BROWSER):
        refresh()  # the test's app context outlives both requests: forget the first one's language
        assert i18n.long_date(when) == "3 December 2026"
        assert i18n.date_time(when) == "2026-12-03 14:05 UTC"
        assert i18n.number(1234.5) == "1,234.5"
        assert i18n.percent(80) == "80%"


def test_default_language_must_be_one_the_site_has(monkeypatch, tmp_path):
    from training import config

    monkeypatch.setenv("DEFAULT_LANGUAGE", "DE")
    assert config.from_environment(tmp_path)["DEFAULT_LANGUAGE"] == "de"
    monkeypatch.setenv("DEFAULT_LANGUAGE", "klingon")
    with pytest.raises(RuntimeError, match="DEFAULT_LANGUAGE"):
        config.from_environment(tmp_path)


def test_a_german_employee_sees_their_pages_in_german_with_german_dates(employee, client):
    db.session.execute(User.__table__.update().where(User.id == employee.id).values(language="de"))
    db.session.commit()
    home = client.get("/", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert '<html lang="de">' in home and "Meine Schulungen" in home
    assert "Zu bestätigende Richtlinien" in home and "(gültig ab " in home
    months = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    assert re.search(rf"gültig ab \d{{1,2}}\. ({months}) \d{{4}}", home)
    assert "My training" not in home


def test_the_sign_in_request_for_a_page_speaks_the_visitors_language(client):
    page = client.get("/", headers=GERMAN_BROWSER, follow_redirects=True).get_data(as_text=True)
    assert "Bitte melden Sie sich an, um diese Seite zu sehen." in page


def test_templates_translate_in_the_language_in_force_and_format_as_jinja_does(app):
    """The templates' gettext finds the catalogue of the locale in force, also inside an
    `in_language` block, and formats as Jinja's newstyle gettext: "%%" is a percent sign, values
    are escaped, and a translation is markup."""
    page = app.jinja_env.from_string(
        "{{ _('Sign out') }}|{{ ngettext('%(num)d person', '%(num)d people', 2) }}|"
        "{{ _('%(name)s', name='<b>') }}|{{ _('100%% done') }}"
    )
    with app.test_request_context("/", headers=GERMAN_BROWSER):
        assert page.render() == "Abmelden|2 Personen|&lt;b&gt;|100% done"
        with i18n.in_language("en"):
            assert page.render().startswith("Sign out|2 people|")
        assert page.render().startswith("Abmelden|")
        refresh()  # a language chosen afresh within the same request
        assert page.render().startswith("Abmelden|")
    with app.test_request_context("/", headers=ENGLISH_BROWSER):
        refresh()  # as each request does (the test's app context outlives both)
        assert page.render().startswith("Sign out|")


def test_a_template_finds_its_catalogue_once_however_many_texts_it_translates(app, client, monkeypatch):
    found = []
    real = i18n._catalogue
    monkeypatch.setattr(i18n, "_catalogue", lambda: found.append(1) or real())
    page = client.get("/login", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert "Zum Inhalt springen" in page and page.count("lang=") >= 1
    assert len(re.findall(r"Anmelden|Passwort|Inhalt", page)) >= 3
    assert 1 <= len(found) <= 3  # once per template drawn (and any text a view translated itself)
    # an email in the person's language, drawn inside a German request
    with app.test_request_context(headers=GERMAN_BROWSER), i18n.in_language("en"):
        assert render_template_string("{{ _('Skip to content') }}") == "Skip to content"
