"""The browser tests need Chromium; axe-core (``npm ci``) only adds the accessibility checks."""

import pytest

import tests.browser as browser

pytestmark = pytest.mark.browser


def test_without_axe_core_the_browser_tests_run_and_only_the_accessibility_check_is_left_out(
        chromium, monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "AXE", tmp_path / "node_modules" / "axe-core" / "axe.min.js")
    monkeypatch.setattr(browser, "ARTIFACTS", tmp_path / "artifacts")
    monkeypatch.setattr(browser, "axe_left_out", [])
    try:
        browser.need_browser()
    except pytest.skip.Exception as skipped:
        pytest.fail(f"a browser test was skipped for want of axe-core: {skipped}")
    page = chromium.new_page()
    try:
        page.set_content('<html lang="pl"><title>Próba</title><img src="x.png"></html>')
        browser.check(page, "without-axe")  # an image without alt text: axe would object
    finally:
        page.close()
    assert (tmp_path / "artifacts" / "without-axe.png").exists()
    assert browser.axe_left_out == ["without-axe"]


def test_with_axe_core_the_accessibility_check_runs(chromium, tmp_path, monkeypatch):
    monkeypatch.setattr(browser, "ARTIFACTS", tmp_path / "artifacts")
    if not browser.AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` in the project folder")
    page = chromium.new_page()
    try:
        page.set_content('<html lang="pl"><title>Próba</title><img src="x.png"></html>')
        assert [violation["id"] for violation in browser.serious_violations(page)] == ["image-alt"]
    finally:
        page.close()
