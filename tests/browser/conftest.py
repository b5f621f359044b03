"""Playwright for Python driving Debian's Chromium, with axe-core on every page visited."""

import os
from pathlib import Path

import pytest
from django.db import connections

from tests.conftest import PASSWORD, in_ci, totp_now

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def browser(live_server, transactional_db):
    """Chromium for one test.

    Started after the test database is ready and stopped before it is flushed: Playwright's
    sync API runs an event loop in this thread, and Django's database connections are
    context-local, so a browser kept across tests would leave the next test's set-up with a
    connection that cannot restore the migrations' data (site, roles, territories).
    """
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    # The live server's database work happens in its own thread; the test's own queries
    # run between browser steps, never concurrently with the event loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Queries the test made while the event loop ran used connections of that context;
        # close them here, or the test database cannot be dropped at the end.
        connections.close_all()


@pytest.fixture
def page(browser):
    # An English-speaking browser: the site must still answer in Portuguese.
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the current page; fail on any violation, with axe's report."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    # WCAG 2.0–2.2 A and AA (target size included) plus axe's best practices.
    options = {
        "runOnly": {
            "type": "tag",
            "values": [
                "wcag2a",
                "wcag2aa",
                "wcag21a",
                "wcag21aa",
                "wcag22aa",
                "best-practice",
            ],
        }
    }

    def check(page) -> None:
        results = axe.run(page, options=options)
        assert results.violations_count == 0, (
            f"axe found violations on {page.url}:\n{results.generate_report()}"
        )

    return check


def log_in(
    page, base_url: str, email: str, password: str = PASSWORD, *, totp_secret: str | None = None
) -> None:
    """Log in through the real form, and wait for the home page it leads to.

    People with an authenticator app (every manager and administrator) then type its code:
    the one the app with ``totp_secret`` shows.
    """
    page.goto(base_url + "/conta/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Senha").fill(password)
    page.get_by_role("button", name="Entrar").click()
    if totp_secret is not None:
        page.wait_for_url("**/conta/2fa/authenticate/")
        page.get_by_label("Código").fill(totp_now(totp_secret))
        page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(base_url + "/")
