"""The journeys share one Chromium, launched again when it has gone (see conftest's SharedChromium)."""


def test_a_browser_that_died_is_launched_again_for_the_next_journey(chromium, browser):
    browser.close()  # as when the browser process dies in the middle of a journey
    assert not browser.is_connected()
    again = chromium.connected()
    assert again is not browser and again.is_connected()
    page = again.new_page()
    page.set_content("<h1>Still here</h1>")
    assert page.inner_text("h1") == "Still here"
    page.close()
