"""The dashboard in headless Chromium (Debian's chromium and chromium-driver, which
.ci/run installs): every view renders real data, links lead from a chart to a story,
nothing loads from outside the server, and screenshots are kept for a person to look at
(in $WHIMBREL_SCREENSHOTS if set, else the test's temporary folder)."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest
from serve_support import demo_store, running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    pytest.skip("Debian's chromium and chromium-driver are not installed "
                "(apt-get install -y chromium chromium-driver; .ci/run does it)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = demo_store(tmp_path_factory)
    with running_server(db, tmp_path_factory.mktemp("browser"), "--rate", "0") as srv:
        yield srv


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("WHIMBREL_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER),
                              options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _open(browser, server, path: str, shots: Path, name: str) -> None:
    browser.get(server.url + path)
    assert "Error" not in browser.title, browser.find_element(By.TAG_NAME, "main").text
    outside = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(u => !u.startsWith(arguments[0]))", server.url)
    assert outside == [], f"{path} loaded resources from elsewhere: {outside}"
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True})  # the whole page, not the window
    (shots / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def _visible(elements) -> list:
    return [e for e in elements if e.size["width"] > 0 and e.size["height"] > 0]


def test_overview_chart_and_a_bar_leads_to_its_events_and_on_to_a_story(browser, server, shots):
    _open(browser, server, "/", shots, "overview")
    bars = _visible(browser.find_elements(By.CSS_SELECTOR, "#overview-chart svg a.bar rect"))
    assert len(bars) >= 5
    total = sum(int(t) for t in browser.execute_script(
        "return [...document.querySelectorAll('#overview-chart svg a.bar title')]"
        ".map(t => t.textContent.split(': ')[1].split(' ')[0])"))
    dated = server.get("/api/events?since=1000&per_page=1")[1]["total"]
    assert total == dated  # the blocks add up to the dated events in the store
    rows = browser.find_elements(By.CSS_SELECTOR, "table.dyads tbody tr")
    assert len(rows) >= 5 and "–" in rows[0].text
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.latest li")) >= 10
    bars[-1].click()  # the newest month's top block
    assert "/events?" in browser.current_url and "quad=" in browser.current_url
    first = browser.find_element(By.CSS_SELECTOR, "table.events td.evidence a")
    first.click()
    assert "/article/" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "article.story mark.trigger")


def test_dyad_timeline_dot_opens_the_story_at_its_event(browser, server, shots):
    _open(browser, server, "/dyad?a=PRK&b=USA", shots, "dyad")
    assert _visible(browser.find_elements(By.CSS_SELECTOR, "#dyad-chart svg a.bar rect"))
    dots = _visible(browser.find_elements(By.CSS_SELECTOR, "#dyad-chart svg a.dot circle"))
    assert dots
    items = browser.find_elements(By.CSS_SELECTOR, "ol.timeline li blockquote")
    assert items and all(i.text for i in items)  # each event with its evidence
    href = browser.execute_script(
        "return document.querySelector('#dyad-chart svg a.dot').getAttribute('href')")
    dots[0].click()
    assert browser.current_url.endswith(href)
    assert "/article/" in browser.current_url
    event_id = href.split("#ev-")[1]
    card = browser.find_element(By.ID, f"ev-{event_id}")
    assert "PRK" in card.text or "USA" in card.text


def test_map_outlines_and_points_by_quad_class_with_filters_in_the_url(browser, server, shots):
    _open(browser, server, "/map", shots, "map")
    lands = browser.find_elements(By.CSS_SELECTOR, "#map svg path.land")
    assert len(lands) > 150
    points = _visible(browser.find_elements(By.CSS_SELECTOR, "#map svg a.pt circle"))
    assert len(points) >= 5
    colours = {p.get_attribute("fill") for p in points}
    assert len(colours) >= 3  # several quad classes on the map
    _open(browser, server, "/map?quad=4&since=2024", shots, "map-conflict")
    only = browser.find_elements(By.CSS_SELECTOR, "#map svg a.pt")
    assert only and all("q4" in a.get_attribute("class") for a in only)
    box = browser.find_element(By.CSS_SELECTOR, "input[name=quad][value='4']")
    assert box.is_selected()  # the form shows the filters the URL carries
    assert browser.find_element(By.NAME, "since").get_attribute("value") == "2024"


def test_article_highlights_and_event_fields(browser, server, shots):
    _open(browser, server, "/article/ghana-imf-loan", shots, "article")
    story = browser.find_element(By.ID, "story")
    for kind in ("actor", "trigger", "date", "place"):
        marks = _visible(story.find_elements(By.CSS_SELECTOR, f"mark.{kind}"))
        assert marks, f"no {kind} highlighted"
    places = [m.text for m in story.find_elements(By.CSS_SELECTOR, "mark.place")]
    assert "ACCRA" in places
    colour = browser.execute_script(
        "return getComputedStyle(document.querySelector('mark.trigger')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    cards = browser.find_elements(By.CSS_SELECTOR, "aside.cards section.card")
    assert len(cards) == len(server.get("/api/articles/ghana-imf-loan")[1]["events"])
    assert all("Source" in c.text and "Date" in c.text for c in cards[:3])
    missing = browser.execute_script(
        "return [...document.querySelectorAll('aside.cards a[href^=\"#t-\"]')]"
        ".map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))")
    assert missing == [], "cards whose trigger is not marked in the story"
    cards[0].find_element(By.PARTIAL_LINK_TEXT, "all reports").click()
    assert "/event/" in browser.current_url
    _open(browser, server, browser.current_url.removeprefix(server.url), shots, "event")
    reports = browser.find_elements(By.CSS_SELECTOR, "ol.timeline li")
    assert reports and "ghana-imf-loan" in browser.page_source
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        _open(browser, server, "/article/ghana-imf-loan", shots, "article-print")
        assert not browser.find_element(By.CSS_SELECTOR, "header nav").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_events_list_and_api_reference(browser, server, shots):
    _open(browser, server, "/events?actor=GHA&sort=-mentions", shots, "events")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert rows and all("GHA" in r.text for r in rows)
    _open(browser, server, "/api", shots, "api")
    spec = server.get("/api/openapi.json")[1]
    sections = browser.find_elements(By.CSS_SELECTOR, "section.endpoint")
    assert len(sections) == sum(len(m) for m in spec["paths"].values())


def test_series_board_rounds_link_to_their_reports(browser, server, shots):
    _open(browser, server, "/boards", shots, "series")  # the old address leads here
    assert browser.current_url.endswith("/series")
    series = server.get("/api/series")[1]["items"]
    panels = browser.find_elements(By.CSS_SELECTOR, "section.series")
    assert len(panels) == len(series) >= 2
    jdcc = browser.find_element(By.ID, "s-" + next(
        s["series_id"] for s in series if s["acronym"] == "JDCC"))
    assert "Joint Defence Consultative Committee" in jdcc.text and "KAZ" in jdcc.text
    rows = jdcc.find_elements(By.CSS_SELECTOR, "table.rounds tbody tr")
    assert [r.find_element(By.CSS_SELECTOR, "td").text.split()[0] for r in rows] == ["1", "2"]
    assert "Tashkent" in rows[1].text and "2018-06-20" in rows[1].text
    assert "FULFILLED" in jdcc.find_element(By.CSS_SELECTOR, "p.promised").text.upper()
    conflicted = browser.find_elements(By.CSS_SELECTOR, "tr.conflicted p.conflict")
    assert conflicted and "round 5" in conflicted[0].text  # shown, not overwritten
    rows[1].find_element(By.CSS_SELECTOR, "a.event").click()
    WebDriverWait(browser, 20).until(lambda b: "/article/" in b.current_url)
    assert "/article/jdcc-2018-06-21#ev-" in browser.current_url
    card = browser.find_element(By.ID, browser.current_url.split("#")[1])
    assert "CONSULT" in card.text


def test_commitments_board_states_filters_and_a_link_to_the_fulfilling_story(
        browser, server, shots):
    _open(browser, server, "/commitments", shots, "commitments")
    api = server.get("/api/commitments?per_page=500")[1]
    items = browser.find_elements(By.CSS_SELECTOR, "ol.commitments li.commitment")
    assert len(items) == api["total"] >= 3
    colours = {browser.execute_script(
        "return getComputedStyle(arguments[0]).backgroundColor", b)
        for b in browser.find_elements(By.CSS_SELECTOR, "li.commitment h2 .state")}
    assert len(colours) >= 2  # fulfilled and overdue are told apart by colour
    seed = browser.find_element(By.ID, "c-" + next(
        c["commitment_id"] for c in api["items"] if c["promise"]["acronym"] == "JMCC"))
    assert "4th Round of JMCC in Russia in 2022" in seed.text and "2022-12-31" in seed.text
    assert seed.find_elements(By.CSS_SELECTOR, "ol.decisions li")
    if any(c["due"]["default"] for c in api["items"]):
        assert browser.find_elements(By.CSS_SELECTOR, ".default-window")
    browser.find_element(By.NAME, "party").send_keys("UZB")  # the form, its blanks sent too
    browser.find_element(By.CSS_SELECTOR, "input[name=state][value=fulfilled]").click()
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    WebDriverWait(browser, 20).until(lambda b: "party=" in b.current_url)
    assert "party=UZB" in browser.current_url and "state=fulfilled" in browser.current_url
    _open(browser, server, browser.current_url.removeprefix(server.url), shots,
          "commitments-fulfilled")
    box = browser.find_element(By.CSS_SELECTOR, "input[name=state][value=fulfilled]")
    assert box.is_selected()  # the form shows the filters the URL carries
    assert browser.find_element(By.NAME, "party").get_attribute("value") == "UZB"
    kept = browser.find_elements(By.CSS_SELECTOR, "li.commitment")
    assert kept and all("fulfilled" in k.get_attribute("class") for k in kept)
    link = kept[0].find_element(By.CSS_SELECTOR, "a.fulfilled-link")
    assert "2018-06-20" in link.text
    link.click()
    WebDriverWait(browser, 20).until(lambda b: "/article/" in b.current_url)
    assert "/article/jdcc-2018-06-21#ev-" in browser.current_url
    card = browser.find_element(By.ID, browser.current_url.split("#")[1])
    assert "Tashkent" in card.text
    assert browser.find_elements(By.CSS_SELECTOR, "article.story mark.trigger")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        _open(browser, server, "/commitments", shots, "commitments-print")
        assert not browser.find_element(By.CSS_SELECTOR, "form.filters").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, "li.commitment .state").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_country_view_from_the_actor_list(browser, server, shots):
    _open(browser, server, "/dyad", shots, "dyad-pick")
    link = browser.find_element(By.CSS_SELECTOR, "table.actors tbody tr td a")
    code = link.text
    link.click()
    assert f"actor={code}" in browser.current_url
    assert browser.find_element(By.NAME, "actor").get_attribute("value") == code
    assert _visible(browser.find_elements(By.CSS_SELECTOR, "#overview-chart svg a.bar rect"))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.dyads tbody tr td:first-child")
    assert rows and all(code in r.text for r in rows)  # its partners
