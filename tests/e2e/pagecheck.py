"""Checks on every page a browser journey visits: axe-core, the Nu Html Checker, the site's origin.

Each browser context a journey opens is watched: every HTML document the site sends is kept as
served, and every request is compared with the site's origin. After the test its pages are replayed,
exactly as served, in a tab of their own where axe-core runs (the journey itself is not slowed down
or raced); all pages go to the Nu Html Checker in one run of Java when the test process ends.
A page whose markup only differs in numbers and tokens from one already checked is checked once.
"""

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.realparts import missing

HERE = Path(__file__).parent
AXE = HERE / "axe" / "node_modules" / "axe-core" / "axe.min.js"
VNU = HERE / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REPLAY = "journey-check"

_VOLATILE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*|(nonce=")[^"]*|\d+')


@dataclass
class Visited:
    url: str
    html: str

    @property
    def key(self) -> str:
        """The page's markup without what changes from one visit to the next."""
        return _VOLATILE.sub(lambda m: m.group(1) or m.group(2) or "0", self.html)


@dataclass
class Visits:
    """What the browser contexts of one test fetched from the site, and anything from elsewhere."""

    origin: str
    pages: list[Visited] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def watch(self, context) -> None:
        context.on("request", self._note_origin)
        context.route(self._routed, self._keep_documents)

    def _same_origin(self, url: str) -> bool:
        return urlsplit(url)[:2] == urlsplit(self.origin)[:2]

    def _note_origin(self, request) -> None:
        if not request.url.startswith(("data:", "blob:", "about:")) and not self._same_origin(request.url):
            self.foreign.append(request.url)

    def _routed(self, url: str) -> bool:
        # Stylesheets and scripts are left alone; anything off the site never leaves the machine.
        return not self._same_origin(url) or not urlsplit(url).path.startswith("/static/")

    def _keep_documents(self, route) -> None:
        from playwright.sync_api import Error

        request = route.request
        try:
            if not self._same_origin(request.url):
                route.abort()
            elif request.resource_type != "document":
                route.continue_()
            else:
                response = route.fetch(max_redirects=0)
                html = response.headers.get("content-type", "").startswith("text/html")
                if html and not 300 <= response.status < 400:
                    self.pages.append(Visited(request.url, response.text()))
                route.fulfill(response=response)
        except Error:
            pass  # the test closed its tab while the page was on its way: nothing to keep


def axe_violations(tab) -> list[str]:
    """axe-core's WCAG 2.1 A and AA findings on the page in the tab, one line each."""
    tab.wait_for_load_state()
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("(tags) => axe.run(document, {runOnly: tags})", AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def replay_with_axe(new_context, pages: list[Visited]) -> dict[str, list[str]]:
    """Show each page again exactly as the site served it and run axe-core on it."""
    if not AXE.exists():
        missing("axe-core", "npm ci --prefix tests/e2e/axe (make install-dev does it when npm is installed)")
    served: dict[str, str] = {}
    context = new_context(bypass_csp=True)  # axe-core's injected script runs despite the site's CSP
    context.set_default_timeout(15000)
    context.route(lambda url: url in served, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=served[route.request.url]
    ))  # fmt: skip
    tab = context.new_page()
    found = {}
    try:
        for n, page in enumerate(pages):
            url = f"{page.url}{'&' if '?' in page.url else '?'}{REPLAY}={n}"
            served[url] = page.html
            tab.goto(url)
            if problems := axe_violations(tab):
                found[page.url] = problems
    finally:
        context.close()
    return found


@dataclass
class HtmlBatch:
    """Pages written to a folder and validated together by one run of vnu."""

    folder: Path
    urls: dict[str, str] = field(default_factory=dict)

    def add(self, page: Visited) -> None:
        name = f"page-{len(self.urls):03d}.html"
        (self.folder / name).write_text(page.html, encoding="utf-8")
        self.urls[name] = page.url

    def errors(self) -> list[str]:
        """Every error the Nu Html Checker finds, as 'url line N: message'."""
        java = shutil.which("java")
        if java is None:
            missing("Java", "apt-get install -y default-jre-headless (Debian package)")
        if not VNU.exists():
            missing(
                "vnu.jar", "npm ci --prefix tests/e2e/vnu (make install-dev does it when npm is installed)"
            )
        files = [str(self.folder / name) for name in self.urls]
        # It runs when a test process ends, often while the other process still drives Chromium
        # through a journey: at the lowest priority and on one processor, so it cannot starve it.
        run = subprocess.run(
            ["nice", "-n", "19", java, "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC",
             "-jar", str(VNU), "--errors-only", "--format", "json", *files],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        messages = json.loads(run.stderr or run.stdout)["messages"]
        return [
            f"{self.urls.get(Path(urlsplit(m.get('url', '')).path).name, m.get('url'))} "
            f"line {m.get('lastLine', '?')}: {m['message']} ({m.get('extract', '').strip()!r})"
            for m in messages
            if m["type"] in ("error", "non-document-error")
        ]
