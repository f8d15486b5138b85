"""Real-browser checks with headless Chromium (Debian's ``chromium``) driven by Playwright.

1. The built site, served on 127.0.0.1: every internal link is followed; no page or
   asset is missing, no page logs a console error, and nothing is fetched from
   outside the machine. A screenshot of a notebook page goes to ``build/screenshots/``.
   On a 390 px phone screen every page is English and no page is wider than the screen.
2. JupyterLab on 127.0.0.1 with a token: ``01_concepts.ipynb`` is opened, run with
   Run > Run All Cells, and a figure must render; the server is then shut down.
"""

import functools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import deque
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

from course_tools import book
from course_tools.notebooks import NOTEBOOKS_DIR
from course_utils.paths import build_dir

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
LAB_NOTEBOOK = "01_concepts.ipynb"
LAB_RUN_TIMEOUT_S = 300


def screenshot_path(name: str) -> Path:
    path = build_dir() / "screenshots" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site_url(built_site):
    """The built site served by a local HTTP server for the module's tests."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """The browser closing a connection early is not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class SiteCrawl:
    """Visits every internal page reachable from the start page and records what went wrong."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.outside: list[str] = []
        self.links_checked = 0
        page.on("console", lambda msg: self._console(msg))
        page.on("pageerror", lambda e: self.console_errors.append(f"{page.url}: {e}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.context.route("**/*", self._only_local)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{self.page.url}: {message.text}")

    def _only_local(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(f"{self.page.url} -> {route.request.url}")
            route.abort()

    def run(self) -> set[str]:
        """Crawl from the landing page; return the HTML pages visited."""
        visited, queue, checked = set(), deque([self.base + "intro.html"]), set()
        while queue:
            url = queue.popleft()
            if url in visited:
                continue
            visited.add(url)
            self.page.goto(url, wait_until="load")
            self.page.wait_for_timeout(50)
            for href in self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                target = urldefrag(href).url
                if not target.startswith(self.base) or target in checked:
                    continue
                checked.add(target)
                if urlparse(target).path.endswith(".html"):
                    queue.append(target)
                else:
                    self._expect_served(target)
        self.links_checked = len(checked)
        return visited

    def _expect_served(self, url: str) -> None:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read(1)
        except OSError as error:
            self.failed.append(f"{error} {url}")


def test_site_links_console_and_offline(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    crawl = SiteCrawl(page, site_url)
    visited = crawl.run()
    notebook_pages = sorted(url for url in visited if "/notebooks/" in url)
    if notebook_pages:
        page.goto(notebook_pages[min(1, len(notebook_pages) - 1)], wait_until="networkidle")
        page.screenshot(path=str(screenshot_path("site_notebook_page.png")), full_page=False)
    context.close()
    print(f"site: {len(visited)} pages visited, {crawl.links_checked} internal links checked")
    assert not crawl.failed, f"missing pages or assets: {crawl.failed}"
    assert not crawl.console_errors, f"console errors: {crawl.console_errors}"
    assert not crawl.outside, f"requests that left the machine: {crawl.outside}"
    assert len(visited) >= 1 + len(list(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")))


# Resolves once the page's fonts are loaded and MathJax has typeset it.
SETTLED = """async () => {
  await document.fonts.ready;
  if (window.MathJax?.startup?.promise) await window.MathJax.startup.promise;
}"""


def test_every_page_fits_a_phone_screen_and_is_english(browser, site_url, built_site):
    """At 390 px the page never scrolls sideways; a wide table or code block scrolls in its own box."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    widths, languages = {}, {}
    for path in book.site_pages(built_site):
        name = path.relative_to(built_site).as_posix()
        if name == "index.html":
            continue  # redirects to intro.html
        page.goto(site_url + name, wait_until="load")
        page.evaluate(SETTLED)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        languages[name] = page.evaluate("document.documentElement.lang")
        if name == "notebooks/09_survival.html":
            page.screenshot(path=str(screenshot_path("site_phone_09_survival.png")), full_page=False)
    loaded = page.evaluate("font => document.fonts.load(font, '神').then(faces => faces.length)",
                           f'16px "{book.FONT_FAMILY}"')
    context.close()
    print(f"phone: {len(widths)} pages, widest {max(widths.values())} px ({max(widths, key=widths.get)})")
    assert {name: lang for name, lang in languages.items() if lang != "en"} == {}
    assert {name: width for name, width in widths.items() if width > PHONE["width"] + 1} == {}
    assert loaded == 1, f"the Chinese web font {book.FONT.name} did not load"


# --- JupyterLab -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lab_server(tmp_path):
    """JupyterLab on 127.0.0.1 with a token, serving a copy of the notebook (the source stays clean)."""
    notebook = NOTEBOOKS_DIR / LAB_NOTEBOOK
    if not notebook.exists():
        pytest.fail(f"{notebook} does not exist; the JupyterLab test opens it")
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(notebook, root / LAB_NOTEBOOK)
    write_lab_settings(tmp_path / "settings")
    token, port = secrets.token_hex(16), free_port()
    env = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}
    env.update(JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"),
               COURSE_BUILD_DIR=str(tmp_path / "build"))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    if os.geteuid() == 0:  # containers and CI often run as root
        command.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(f"{base}/api/status?token={token}", server, tmp_path / "lab.log")
        yield f"{base}/lab/tree/{LAB_NOTEBOOK}?token={token}"
    finally:
        stop(server)
        log.close()
    assert server.poll() is not None, "JupyterLab did not shut down"


def write_lab_settings(folder: Path) -> None:
    """Render every cell (no virtual scrolling, so the test sees all outputs); no news prompt."""
    settings = {"notebook-extension/tracker": {"windowingMode": "none"},
                "apputils-extension/notification": {"fetchNews": "false"}}
    for name, values in settings.items():
        path = folder / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def stop(server: subprocess.Popen) -> None:
    """Stop the server and its kernels (its own process group)."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def wait_for_server(url: str, server: subprocess.Popen, log: Path, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {timeout_s} s:\n{log.read_text()[-2000:]}")


def test_jupyterlab_runs_01_concepts_and_renders_a_figure(browser, lab_server):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(lab_server, wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector("#jp-main-statusbar :text('Idle')", timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    try:
        page.wait_for_function(ALL_CELLS_RAN, timeout=LAB_RUN_TIMEOUT_S * 1000, polling=1000)
    except PlaywrightTimeout:
        page.screenshot(path=str(screenshot_path("jupyterlab_timeout.png")))
        prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputArea-prompt",
                                            "ps => ps.map(p => p.textContent)")
        status = page.locator("#jp-main-statusbar").inner_text()
        pytest.fail(f"the notebook did not finish within {LAB_RUN_TIMEOUT_S} s; prompts {prompts}, "
                    f"status bar {status!r}; see build/screenshots/jupyterlab_timeout.png")
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] "
                          ":text('Traceback')").count()
    figures = page.locator(".jp-OutputArea-output img").evaluate_all(
        "imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).length")
    page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_path("jupyterlab_01_concepts.png")))
    context.close()
    print(f"JupyterLab: {LAB_NOTEBOOK} ran all cells; {figures} figures rendered")
    assert errors == 0, "a cell raised an error in JupyterLab"
    assert figures >= 1, "no figure rendered in JupyterLab"


# True when the kernel is idle and every code cell has an execution count (none pending).
ALL_CELLS_RAN = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .map(p => p.textContent.trim());
  const idle = document.querySelector('#jp-main-statusbar')?.textContent.includes('Idle');
  return idle && prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p));
}"""
