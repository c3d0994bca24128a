"""The checks the e2e conftest runs on every page do catch what they are there to catch."""

import pytest

from tests.e2e.pagecheck import HtmlBatch, Visited, Visits, replay_with_axe

pytestmark = pytest.mark.e2e
SITE = "http://127.0.0.1:9"  # the discard port: nothing answers there, and nothing needs to
BAD_PAGE = '<!doctype html><html><body><p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></span>'


def test_a_request_to_another_site_is_caught_and_never_sent(browser):
    visits = Visits(SITE)
    context = browser.new_context()
    try:
        visits.watch(context)
        page = context.new_page()
        page.set_content('<img src="https://cdn.example.com/logo.png" alt="">')
        page.wait_for_load_state("load")
    finally:
        context.close()
    assert visits.foreign == ["https://cdn.example.com/logo.png"]


def test_axe_core_finds_the_violations_of_a_replayed_page(browser):
    found = replay_with_axe(browser.new_context, [Visited(SITE + "/bad", BAD_PAGE)])
    rules = {line.split(" ")[0] for line in found[SITE + "/bad"]}
    assert {"image-alt", "html-has-lang", "document-title"} <= rules


def test_the_nu_html_checker_names_the_page_and_line_of_each_error(tmp_path):
    batch = HtmlBatch(tmp_path)
    batch.add(Visited(SITE + "/good", "<!doctype html><html lang=en><title>Fine</title><p>Fine."))
    batch.add(Visited(SITE + "/bad", BAD_PAGE))
    errors = batch.errors()
    assert errors and all(error.startswith(SITE + "/bad line 1: ") for error in errors)
    assert any("Stray end tag “span”" in error for error in errors)
