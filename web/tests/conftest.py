"""Fixtures of the viewer's browser tests: a real `logbook serve` on a generated store (plus a few
sessions written here whose content the tests know), and headless Chromium driven by Selenium."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from scenario import Scenario

REPO = Path(__file__).resolve().parents[2]
GENERATED_SESSIONS = 40
SEED = 7


class Server:
    """`logbook serve --listen 127.0.0.1:0` on `store`; the port is read from its first line."""

    def __init__(self, binary: Path, store: Path) -> None:
        self.binary = binary
        self.store = store
        self.log = store.parent / "serve.log"
        self.process: subprocess.Popen | None = None
        self.url = ""

    def run(self, *arguments: str) -> str:
        out = subprocess.run([str(self.binary), *arguments, "--store", str(self.store)],
                             check=True, capture_output=True, text=True, timeout=300)
        return out.stdout

    def token(self, scope: str) -> str:
        return self.run("token", "create", "--scope", scope).strip().splitlines()[-1].strip()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--listen", "127.0.0.1:0", "--store", str(self.store)],
            stdout=subprocess.PIPE, stderr=open(self.log, "ab"), text=True)
        found: list[str] = []
        reader = threading.Thread(target=lambda: found.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(120)
        match = re.search(r"listening on (http://\S+)", found[0] if found else "")
        if not match:
            self.stop()
            raise RuntimeError(f"logbook serve printed no address; see {self.log}")
        self.url = match.group(1)

    def wait_projected(self, token: str) -> None:
        """Until the read models hold every event written so far."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            response = httpx.get(self.url + "/readyz", headers={"Authorization": f"Bearer {token}"}, timeout=10)
            if response.status_code == 200 and response.json()["projection_lag"] == 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"the read models did not catch up in 300 s: {response.text}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    binary = Path(os.environ.get("LOGBOOK_BIN", REPO / ".build" / "debug" / "logbook"))
    if not binary.exists():
        raise RuntimeError(f"no logbook binary at {binary}: build it (swift build) or set LOGBOOK_BIN")
    store = tmp_path_factory.mktemp("viewer") / "store"
    generate = subprocess.Popen([str(binary), "generate", "--sessions", str(GENERATED_SESSIONS), "--seed", str(SEED)],
                                stdout=subprocess.PIPE)
    subprocess.run([str(binary), "ingest", "-", "--store", str(store)], stdin=generate.stdout, check=True,
                   capture_output=True, timeout=300)
    generate.wait(timeout=60)
    print(f"store: logbook generate --sessions {GENERATED_SESSIONS} --seed {SEED}")
    running = Server(binary, store)
    running.read_token = running.token("read")
    running.write_token = running.token("write")
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def api(server):
    """An HTTP client with the write token (writes the scenario, appends during the live test)."""
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {server.write_token}"}, timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def scenario(server, api) -> Scenario:
    """Sessions whose content the tests know, newer than every generated one."""
    written = Scenario.write(api, now_ms=int(time.time() * 1000))
    server.wait_projected(server.read_token)
    return written


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where pages are photographed: $LOGBOOK_SCREENSHOTS (docs/screenshots for the README), else a temporary folder."""
    target = os.environ.get("LOGBOOK_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1000", "--force-device-scale-factor=1", "--lang=en-US"):
        options.add_argument(argument)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


class Page:
    """The browser on the viewer, signed in with the read token."""

    def __init__(self, driver, server, screenshots: Path) -> None:
        self.driver = driver
        self.server = server
        self.screenshots = screenshots

    def open(self, path: str) -> None:
        self.driver.get(self.server.url + path)

    def sign_in(self, token: str | None = None, here: bool = False) -> None:
        """Signs in on /sign-in, or on the sign-in page already shown (`here`)."""
        if not here:
            self.open("/sign-in")
        field = self.wait_for("#token")
        field.clear()
        field.send_keys(token or self.server.read_token)
        self.driver.find_element(By.CSS_SELECTOR, ".sign-in button[type=submit]").click()

    def wait_for(self, selector: str, timeout: float = 30):
        return WebDriverWait(self.driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))

    def wait_until(self, condition, timeout: float = 30, message: str = ""):
        # A view that re-renders between finding an element and reading it makes the element
        # stale: that is a moment of the page, not an answer, so the condition is asked again.
        wait = WebDriverWait(self.driver, timeout, ignored_exceptions=(StaleElementReferenceException,))
        return wait.until(lambda driver: condition(), message)

    def all(self, selector: str):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def text(self, selector: str) -> str:
        return self.wait_for(selector).text

    def path(self) -> str:
        return self.driver.execute_script("return location.pathname + location.search")

    def shoot(self, name: str) -> None:
        height = self.driver.execute_script("return Math.min(4000, document.documentElement.scrollHeight)")
        self.driver.set_window_size(1400, max(1000, height))
        self.driver.save_screenshot(str(self.screenshots / f"{name}.png"))
        self.driver.set_window_size(1400, 1000)


@pytest.fixture
def page(browser, server, scenario, screenshots) -> Page:
    viewer = Page(browser, server, screenshots)
    viewer.open("/sign-in")
    browser.execute_script("sessionStorage.clear(); localStorage.clear();")
    viewer.sign_in()
    viewer.wait_for("table.sessions")
    return viewer


def new_id() -> str:
    return str(uuid.uuid4())
