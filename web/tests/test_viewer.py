"""The viewer in a real browser (headless Chromium) against a real `logbook serve`: each page
shows what the API says it should, links lead on, the time slider replays the past, and an
event appended during the test appears in the live tail. Each page is photographed."""

from __future__ import annotations

import time
import uuid

import httpx
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from scenario import BIG_RUN_STEPS, UNPRICED_MODEL, append


def read(server, path: str, **params):
    response = httpx.get(server.url + path, params=params, headers={"Authorization": f"Bearer {server.read_token}"}, timeout=60)
    response.raise_for_status()
    return response.json()


def press(page, *keys: str) -> None:
    """Types `keys` into whatever has the focus, as a user would."""
    for key in keys:
        ActionChains(page.driver).send_keys(key).perform()


def test_the_page_and_its_files_are_served_without_a_token(server, scenario):
    index = httpx.get(server.url + "/")
    assert index.status_code == 200
    assert index.headers["content-type"] == "text/html; charset=utf-8"
    assert index.headers["cache-control"] == "no-cache"
    assert "default-src 'self'" in index.headers["content-security-policy"]
    assert '<script type="module" src="/ui/app.js">' in index.text
    for deep_link in (f"/sessions/{scenario.support_session}", f"/runs/{scenario.support_run}", "/sessions", "/costs", "/live"):
        response = httpx.get(server.url + deep_link)
        assert response.status_code == 200 and response.text == index.text, deep_link

    script = httpx.get(server.url + "/ui/views/run.js")
    assert script.status_code == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["x-content-type-options"] == "nosniff"
    tag = script.headers["etag"]
    assert httpx.get(server.url + "/ui/views/run.js", headers={"If-None-Match": tag}).status_code == 304
    assert httpx.get(server.url + "/ui/style.css").headers["content-type"] == "text/css; charset=utf-8"
    missing = httpx.get(server.url + "/ui/nothing.js")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    # The data stays behind the token.
    assert httpx.get(server.url + "/v1/query/sessions").status_code == 401


def test_sign_in_asks_once_and_keeps_the_token_out_of_urls(browser, server, scenario, screenshots):
    from conftest import Page

    page = Page(browser, server, screenshots)
    page.open("/sign-in")
    browser.execute_script("sessionStorage.clear(); localStorage.clear();")
    page.open("/sessions?status=error")
    page.wait_until(lambda: page.path().startswith("/sign-in"), message="not sent to sign in")
    assert page.path() == "/sign-in?next=%2Fsessions%3Fstatus%3Derror"
    page.wait_for("#token").send_keys("lbk_not_a_token")
    browser.find_element(By.CSS_SELECTOR, ".sign-in button[type=submit]").click()
    page.wait_until(lambda: "does not know this token" in page.text(".sign-in [role=status]"))
    page.shoot("sign-in")

    page.sign_in(here=True)
    page.wait_until(lambda: page.path() == "/sessions?status=error", message="not sent back where it was going")
    page.wait_for("table.sessions")
    assert browser.execute_script("return sessionStorage.getItem('logbook.token')") == server.read_token
    assert server.read_token not in browser.current_url
    assert browser.execute_script("return localStorage.getItem('logbook.token')") is None


def test_the_sessions_list_is_newest_first_with_counts_and_pages(page, server, scenario):
    expected = read(server, "/v1/query/sessions", limit=25)["rows"]
    rows = page.all("table.sessions tbody tr")
    assert [row.get_attribute("data-session") for row in rows] == [row["session_id"] for row in expected]
    assert expected[0]["session_id"] == scenario.support_session
    first = rows[0].find_elements(By.TAG_NAME, "td")
    assert first[0].text.startswith("Refund for order 4417")
    assert first[1].text == "support-agent"
    assert "completed" in first[2].text
    assert (first[3].text, first[4].text, first[5].text) == ("5", "1", "1,740")
    assert first[6].text == "$0.0038"  # gpt-4o: 1,200 in at $2.50/M and 80 out at $10/M; acme-reasoner-2 has no price
    for row, cells in ((row, row.find_elements(By.TAG_NAME, "td")) for row in rows):
        sent = next(item for item in expected if item["session_id"] == row.get_attribute("data-session"))
        assert cells[3].text == f"{sent['message_count']:,}" and cells[4].text == f"{sent['run_count']:,}"
    page.shoot("sessions")

    page.driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    page.wait_until(lambda: page.path() == "/sessions?page=1")
    older = read(server, "/v1/query/sessions", limit=25, offset=25)["rows"]
    page.wait_until(lambda: [row.get_attribute("data-session") for row in page.all("table.sessions tbody tr")]
                    == [row["session_id"] for row in older])
    page.driver.back()
    page.wait_until(lambda: page.path() == "/sessions")
    page.wait_until(lambda: [row.get_attribute("data-session") for row in page.all("table.sessions tbody tr")][:1]
                    == [scenario.support_session])


def test_the_sessions_list_filters(page, server, scenario):
    def shown():
        page.wait_for("table.sessions, .results p")
        return [row.get_attribute("data-session") for row in page.all("table.sessions tbody tr")]

    search = page.wait_for("input[name=text]")
    search.send_keys("invoices from march", Keys.ENTER)
    page.wait_until(lambda: page.path() == "/sessions?text=invoices+from+march")
    page.wait_until(lambda: shown() == [scenario.failed_session])

    page.open("/sessions?status=error")
    page.wait_until(lambda: scenario.failed_session in shown())
    assert all("error" in cell.text for cell in page.all("table.sessions tbody td:nth-child(3)"))
    assert scenario.support_session not in shown()

    page.open("/sessions?agent=batch-agent")
    page.wait_until(lambda: shown() == [scenario.big_session])
    page.open("/sessions?user=dana")
    page.wait_until(lambda: shown() == [scenario.support_session])

    now = time.time()
    iso = lambda seconds: time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    page.open(f"/sessions?from={iso(now - 200)}&to={iso(now + 60)}")
    page.wait_until(lambda: shown() == [scenario.support_session])
    # The browser writes a datetime-local value without its seconds when they are :00.
    shown_from = page.wait_for("input[name=from]").get_attribute("value")
    assert (shown_from if len(shown_from) == 19 else shown_from + ":00") == iso(now - 200)


def test_a_session_shows_its_transcript_runs_documents_and_errors(page, server, scenario):
    page.driver.find_element(By.CSS_SELECTOR, f"tr[data-session='{scenario.support_session}'] a").click()
    page.wait_until(lambda: page.path() == f"/sessions/{scenario.support_session}")
    page.wait_for(".conversation")
    messages = read(server, f"/v1/sessions/{scenario.support_session}/replay", format="messages")
    assert len(messages) == 5
    assert page.text("#conversation-title") == "Conversation (5)"
    items = page.all(".conversation > li")
    # The tool's answer is drawn under the call that asked for it, not again on its own.
    assert [item.find_element(By.CLASS_NAME, "who").text.lower() for item in items] == ["system", "user", "assistant", "assistant"]
    assert items[1].text.endswith("I want a refund for order 4417, it arrived broken.")
    call = items[2].find_element(By.CLASS_NAME, "tool-call")
    assert "lookup_order" in call.text and '"damaged": true' in call.find_element(By.CLASS_NAME, "result").text
    assert "Your refund of $59.90 for order 4417 is on its way." in items[3].text

    assert page.text("[data-total=messages] dd") == "5"
    assert page.text("[data-total=runs] dd") == "1"
    assert page.text("[data-total=tokens] dd") == "1,740"
    runs = page.all("table.runs tbody tr")
    assert len(runs) == 1 and "support-agent" in runs[0].text and "completed" in runs[0].text
    assert "Refund policy" in page.text("ul.documents")
    assert "payment gateway timeout" in page.text("ul.errors")
    page.shoot("session")


def test_the_time_slider_shows_the_session_as_it_was(page, server, scenario):
    page.open(f"/sessions/{scenario.support_session}")
    slider = page.wait_for("#as-of")
    page.wait_for(".conversation")
    events = read(server, "/v1/events", session=scenario.support_session)["events"]
    assert slider.get_attribute("max") == str(len(events) - 1)
    user_index = [event["position"] for event in events].index(scenario.positions["user"])
    page.driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))", slider, user_index)
    page.wait_until(lambda: page.text("#conversation-title") == "Conversation (2)", message="the transcript did not go back")
    at = read(server, f"/v1/sessions/{scenario.support_session}/replay", format="messages",
              as_of_position=scenario.positions["user"])
    assert len(at) == 2
    assert "on its way" not in page.text(".replay")
    assert page.path() == f"/sessions/{scenario.support_session}?at={scenario.positions['user']}"
    assert f"position {scenario.positions['user']} · message.added" in page.text("#as-of-label")
    assert "No runs yet at this point." in page.text("section[aria-labelledby=runs-title]")
    page.shoot("session-as-of")

    press(page, "]")  # one event forward: the run starts
    page.wait_until(lambda: "run.started" in page.text("#as-of-label"))
    page.wait_until(lambda: len(page.all("table.runs tbody tr")) == 1)
    assert page.text("#conversation-title") == "Conversation (2)"

    page.driver.find_element(By.XPATH, "//section[@class='slider']//button[text()='Latest']").click()
    page.wait_until(lambda: page.text("#conversation-title") == "Conversation (5)")
    assert page.path() == f"/sessions/{scenario.support_session}"


def test_a_run_draws_its_steps_in_order_with_handoffs_guardrails_and_errors(page, server, scenario):
    page.open(f"/sessions/{scenario.support_session}")
    page.wait_for("table.runs a").click()
    page.wait_until(lambda: page.path() == f"/runs/{scenario.support_run}")
    page.wait_for(".wf-body .wf-row")
    waterfall = read(server, f"/v1/traces/{scenario.support_run}/replay", format="json")
    rows = page.all(".wf-body .wf-row")
    assert len(rows) == len(waterfall["steps"])
    assert [(row.get_attribute("data-step"), row.get_attribute("data-kind")) for row in rows] == \
        [(str(step["index"]), step["kind"]) for step in waterfall["steps"]]
    texts = [row.text for row in rows]
    assert any(text.startswith("HANDOFF support-agent → refunds-agent") for text in texts)
    assert any(text.startswith("GUARDRAIL refund_limit (output): passed") for text in texts)
    failed = [row for row in rows if "failed" in row.get_attribute("class").split()]
    assert [row.find_element(By.CLASS_NAME, "label").text for row in failed] == ["issue_refund"]
    llm = next(row for row in rows if "gpt-4o" in row.text)
    assert "1,280" in llm.text and "$0.0038" in llm.text
    execution = next(row for row in rows if row.get_attribute("data-kind") == "execution")
    nested = next(row for row in rows if row.get_attribute("data-kind") == "thought")
    assert float(nested.find_element(By.CLASS_NAME, "name").value_of_css_property("padding-left")[:-2]) > \
        float(execution.find_element(By.CLASS_NAME, "name").value_of_css_property("padding-left")[:-2])
    assert page.text("[data-total=steps] dd") == str(len(waterfall["steps"]))
    assert page.text("[data-total=cost] dd") == "$0.0038"

    tool = next(row for row in rows if row.get_attribute("data-kind") == "tool" and "lookup_order" in row.text)
    tool.click()
    dialog = page.wait_for("dialog.payload[open]")
    assert "tool.called" in dialog.text and "tool.result" in dialog.text and '"order_id": "4417"' in dialog.text
    page.shoot("run-payload")
    dialog.send_keys(Keys.ESCAPE)
    page.wait_until(lambda: not page.all("dialog.payload[open]"))
    page.shoot("run")


def test_a_run_of_a_thousand_steps_renders_whole(page, server, scenario):
    started = time.monotonic()
    page.open(f"/runs/{scenario.big_run}")
    page.wait_until(lambda: len(page.all(".wf-body .wf-row")) == BIG_RUN_STEPS, timeout=60)
    elapsed = time.monotonic() - started
    render_ms = page.wait_for(".view-run").get_attribute("data-render-ms")
    print(f"1,000-step waterfall: DOM built in {render_ms} ms; page load to rows {elapsed:.2f} s")
    assert page.text("[data-total=steps] dd") == "1,000"
    assert len(page.all(".wf-body .wf-row[data-kind=execution]")) == 10
    # Keyboard: j moves down the rows, Enter opens the raw events of the focused one.
    press(page, "j", "j")
    assert page.driver.switch_to.active_element.get_attribute("data-step") == "1"
    page.shoot("run-1000-steps")
    press(page, Keys.ENTER)
    assert "llm.interaction" in page.wait_for("dialog.payload[open]").text


def test_costs_are_charted_by_model_agent_and_day_with_unpriced_models(page, server, scenario):
    press(page, "g", "c")
    page.wait_until(lambda: page.path() == "/costs")
    page.wait_for("#costs-unpriced")
    by_model = read(server, "/v1/query/costs", by="model")
    by_day = read(server, "/v1/query/costs", by="day")
    model_chart = page.wait_for("svg[aria-label='Cost by model']")
    priced = [row for row in by_model["rows"] if (row.get("cost_usd") or 0) > 0]
    assert len(model_chart.find_elements(By.CSS_SELECTOR, "rect.bar")) == len(priced)
    token_chart = page.wait_for("svg[aria-label='Tokens by day']")
    assert len(token_chart.find_elements(By.CSS_SELECTOR, "rect.bar.series-input")) == len(by_day["rows"])
    assert page.wait_for("svg[aria-label='Cost by agent']")
    assert page.text("[data-total=calls] dd") == f"{sum(row['calls'] for row in by_model['rows']):,}"
    unpriced = page.text("section.unpriced")
    assert UNPRICED_MODEL in unpriced
    assert [model["model"] for model in by_model["unpriced"]] == \
        [row.find_elements(By.TAG_NAME, "td")[1].text for row in page.all("section.unpriced tbody tr")]
    page.shoot("costs")


def test_the_live_tail_shows_events_as_they_are_appended(page, server, api, scenario):
    press(page, "g", "l")
    page.wait_until(lambda: page.path() == "/live")
    page.wait_until(lambda: page.text(".live-state") == "live", message="the stream did not open")
    session, trace = str(uuid.uuid4()), str(uuid.uuid4())
    marker = f"hello from the live test {uuid.uuid4().hex[:8]}"

    def message(text):
        return {"event_type": "message.added", "session_id": session, "trace_id": trace, "user_id": "live",
                "payload": {"role": "user", "content": text}}

    [position] = append(api, [message(marker)])
    row = page.wait_for(f"#live-rows tr[data-position='{position}']", timeout=20)
    assert marker in row.text and "message.added" in row.text

    page.driver.find_element(By.ID, "live-pause").click()
    [held] = append(api, [message("while paused")])
    page.wait_until(lambda: page.text(".live-state") == "paused · 1 waiting", timeout=20)
    assert not page.all(f"#live-rows tr[data-position='{held}']")
    page.driver.find_element(By.ID, "live-pause").click()
    page.wait_for(f"#live-rows tr[data-position='{held}']")
    page.shoot("live")

    # Filtered by type on the server: a tool call shows, a message does not.
    from selenium.webdriver.support.ui import Select
    Select(page.driver.find_element(By.ID, "live-type")).select_by_value("tool.called")
    page.wait_until(lambda: page.text(".live-state") == "live" and "type=tool.called" in page.path())
    skipped, shown = append(api, [
        message("not a tool call"),
        {"event_type": "tool.called", "session_id": session, "trace_id": trace,
         "payload": {"call_id": "c1", "tool_name": "ping", "arguments": {}}},
    ])
    page.wait_for(f"#live-rows tr[data-position='{shown}']", timeout=20)
    assert not page.all(f"#live-rows tr[data-position='{skipped}']")
    assert all("tool.called" in row.text for row in page.all("#live-rows tr"))


def test_deep_links_and_the_back_button(page, scenario):
    page.open(f"/runs/{scenario.support_run}")
    page.wait_for(".wf-body .wf-row")
    page.driver.find_element(By.CSS_SELECTOR, ".crumbs a[href^='/sessions/']").click()
    page.wait_until(lambda: page.path() == f"/sessions/{scenario.support_session}")
    page.wait_for(".conversation")
    page.driver.back()
    page.wait_until(lambda: page.path() == f"/runs/{scenario.support_run}")
    page.wait_for(".wf-body .wf-row")
    page.driver.forward()
    page.wait_for(".conversation")
    # A path the page does not know (the server answers it 404 itself when asked directly).
    page.driver.execute_script("history.pushState(null, '', '/nothing/here'); dispatchEvent(new PopStateEvent('popstate'))")
    page.wait_until(lambda: page.text("main h1") == "Not found")
    assert httpx.get(page.server.url + "/nothing/here").status_code == 404
