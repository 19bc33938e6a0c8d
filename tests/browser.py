"""Real-browser helpers: the app served on a loopback port, Debian's Chromium, axe-core.

The browser tests need Chromium and Playwright. axe-core (fetched by ``npm ci``) adds the
accessibility checks: without it the tests still run, the checks are left out, and the run
ends with a note saying so (under CI, a failure).
"""

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "correct horse battery staple"
SIGN_IN_LABELS = {"pl": ("Hasło", "Zaloguj się"), "en": ("Password", "Sign in")}
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# The pages whose accessibility check was left out because axe-core is not installed.
axe_left_out = []


def expect(target):
    """Playwright's waiting assertions (imported late: the package may be missing)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def need_browser():
    """Skip with a message saying how to enable the browser tests."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed: apt-get install chromium (browser tests use /usr/bin/chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright is not installed: pip install -e '.[test]'")


class LiveServer:
    """The app served by waitress in a thread, on a free loopback port."""

    def __init__(self, app):
        from waitress.server import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="pim-alumni-test")
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, one per test module."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def live(app):
    """The test's app served on a loopback port."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def browser_locale():
    """The browser's language; a module overrides this fixture to work in English."""
    return "pl-PL"


@pytest.fixture
def page(chromium, browser_locale, backend):
    """A fresh browser page; the CSP is bypassed so that the test can inject axe-core."""
    context = chromium.new_context(bypass_csp=True, locale=browser_locale, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page, live, email, password=PASSWORD, language=None):
    """Sign in through the login form (in ``language`` if given), reading its labels as shown."""
    page.goto(f"{live.url}/login" + (f"?lang={language}" if language else ""))
    password_label, button = SIGN_IN_LABELS[page.locator("html").get_attribute("lang")]
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(password_label).fill(password)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def check(page, name):
    """Keep a screenshot of the page and fail on serious accessibility violations."""
    screenshot(page, name)
    assert serious_violations(page, name) == [], name


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
              "--disable-component-update", "--no-first-run", "--disable-sync"],
    )


def serious_violations(page, name=None):
    """Run axe-core on the page; return its serious and critical WCAG 2.1 A/AA violations.

    Without axe-core nothing is checked: the page is noted, and the run ends saying so.
    """
    if not AXE.exists():
        axe_left_out.append(name or page.url)
        return []
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def pytest_terminal_summary(terminalreporter):
    if axe_left_out:
        terminalreporter.write_line(
            f"axe-core is not installed (run `npm ci`): the accessibility checks of {len(axe_left_out)} "
            "page(s) were left out; the browser tests ran without them.", yellow=True)


def pytest_sessionfinish(session):
    """Under CI, accessibility checks left out are a failure: axe-core must be installed there."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes") and axe_left_out:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
