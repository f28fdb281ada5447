"""Parley in a real browser: Chromium driven by Selenium against a live `parley serve --demo`.

scripts/browser-test starts the server and sets, in the environment:
  PARLEY_URL          the server's address, such as http://127.0.0.1:18080
  PARLEY_ACCOUNTS     a JSON file {username: password} of the demo accounts
  PARLEY_KEYS         the folder of the signers' demo key files
  PARLEY_IMPORT       a registry CSV of synthetic people (from `parley generate`) for official-ua to import
  PARLEY_BAD_IMPORT   the same file with one bad date, which must be refused whole
  PARLEY_AGREEMENT    the wording of an agreement with no lists yet, recorded for this test
  PARLEY_CASE         a case code of one of Ukraine's sought records
  PARLEY_SCREENSHOTS  the folder for a screenshot of each page

The tests run in file order and build on each other, as the people in the room would.
"""

import json
import os
import re

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

URL = os.environ["PARLEY_URL"]
ACCOUNTS = json.load(open(os.environ["PARLEY_ACCOUNTS"]))
KEYS = os.environ["PARLEY_KEYS"]
SHOTS = os.environ["PARLEY_SCREENSHOTS"]

# What each role's navigation offers, and what it must not.
NAVIGATION = {
    "official-ua": (["Dashboard", "Registry", "Import", "Review", "Talks", "Lists", "Journal", "Case lookup"], ["Users"]),
    "official-ru": (["Dashboard", "Registry", "Import", "Review", "Lists"], ["Users"]),
    "mediator": (["Dashboard", "Talks", "Lists", "Journal"], ["Registry", "Import", "Review", "Users"]),
    "observer": (["Dashboard", "Registry", "Review", "Talks", "Lists", "Journal"], ["Import", "Users"]),
    "liaison-ua": (["Case lookup"], ["Dashboard", "Registry", "Review", "Talks", "Lists", "Journal", "Users"]),
    "admin": (["Dashboard", "Journal", "Users"], ["Registry", "Import", "Review", "Lists"]),
}

state = {}


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1024"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def shot(browser, name):
    os.makedirs(SHOTS, exist_ok=True)
    browser.save_screenshot(os.path.join(SHOTS, f"{name}.png"))


def sign_in(browser, username):
    browser.delete_all_cookies()
    browser.get(f"{URL}/login")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(ACCOUNTS[username])
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # The click returns before the next page arrives: wait for it, or for the refusal.
    WebDriverWait(browser, 30).until(
        lambda driver: "/login" not in driver.current_url or "The username or password is wrong." in driver.page_source)
    assert "/login" not in browser.current_url, f"{username} could not sign in: {browser.page_source[:500]}"


def nav_labels(browser):
    return [link.text for link in browser.find_elements(By.CSS_SELECTOR, "header nav a")]


def navigate(browser, action):
    """Does what leads to another page, and waits until that page has replaced this one."""
    page = browser.find_element(By.TAG_NAME, "html")
    action()

    def replaced(driver):
        # Chromium may answer for the old page's node mid-navigation with "Node with given id does not belong to
        # the document" rather than calling it stale: either way the page is being replaced.
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(browser, 30).until(replaced)


def submit(browser, selector):
    form = browser.find_element(By.CSS_SELECTOR, selector)
    navigate(browser, form.submit)


def test_each_role_signs_in_and_sees_its_own_world(browser):
    for username, (offered, withheld) in NAVIGATION.items():
        sign_in(browser, username)
        labels = nav_labels(browser)
        for label in offered:
            assert label in labels, f"{username} should be offered {label}: {labels}"
        for label in withheld:
            assert label not in labels, f"{username} must not be offered {label}: {labels}"
        shot(browser, f"landing-{username}")
    sign_in(browser, "observer")
    browser.get(f"{URL}/")
    assert "Days since the last exchange" in browser.page_source or "since the last exchange" in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline")
    shot(browser, "dashboard")


def test_a_wrong_password_is_refused(browser):
    browser.delete_all_cookies()
    browser.get(f"{URL}/login")
    browser.find_element(By.NAME, "username").send_keys("mediator")
    browser.find_element(By.NAME, "password").send_keys("not the password at all")
    navigate(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click)
    assert "The username or password is wrong." in browser.page_source
    shot(browser, "login-refused")


def test_import_refuses_a_bad_file_whole_then_takes_the_good_one(browser):
    sign_in(browser, "official-ua")
    browser.get(f"{URL}/import")
    browser.find_element(By.NAME, "file").send_keys(os.environ["PARLEY_BAD_IMPORT"])
    Select(browser.find_element(By.NAME, "kind")).select_by_value("held")
    submit(browser, "form.import")
    problems = browser.find_element(By.CSS_SELECTOR, ".import-problems").text
    assert "nothing was written" in problems
    assert re.search(r"bad-import\.csv:\d+: date_of_birth: 1990-13-45: ", problems), problems
    shot(browser, "import-refused")

    browser.find_element(By.NAME, "file").send_keys(os.environ["PARLEY_IMPORT"])
    Select(browser.find_element(By.NAME, "kind")).select_by_value("held")
    submit(browser, "form.import")
    outcome = browser.find_element(By.CSS_SELECTOR, ".import-outcome").text
    assert re.search(r"\d+ held records added", outcome), outcome
    shot(browser, "import-done")


def test_registry_search_finds_a_name_from_any_script(browser):
    sign_in(browser, "official-ua")
    browser.get(f"{URL}/registry?q=Oleksandr")
    rows = browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert rows, "typing Oleksandr finds someone"
    text = browser.find_element(By.CSS_SELECTOR, "table tbody").text
    assert "Олександр" in text or "Александр" in text, text[:400]
    shot(browser, "registry-search")
    navigate(browser, rows[0].find_element(By.CSS_SELECTOR, "a").click)
    assert "History" in browser.page_source
    shot(browser, "record")


def test_a_match_is_confirmed_in_the_review_queue(browser):
    sign_in(browser, "observer")
    browser.get(f"{URL}/review?seeking=UA")
    first = browser.find_element(By.CSS_SELECTOR, "section.pair")
    pair = first.find_element(By.CSS_SELECTOR, "h2").text
    assert "probability" in pair
    shot(browser, "review")
    navigate(browser, first.find_element(By.CSS_SELECTOR, "button[value=confirmed]").click)
    assert pair not in [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.pair h2")]


def open_list_as(browser, username):
    sign_in(browser, username)
    browser.get(f"{URL}/lists/{state['list']}")


def test_a_list_is_built_checked_and_frozen(browser):
    sign_in(browser, "official-ua")
    browser.get(f"{URL}/lists")
    select = Select(browser.find_element(By.NAME, "agreement"))
    option = next(o for o in select.options if os.environ["PARLEY_AGREEMENT"] in o.text)
    select.select_by_value(option.get_attribute("value"))
    submit(browser, "form.draft")
    match = re.search(r"/lists/(\d+)$", browser.current_url)
    assert match, browser.current_url
    state["list"] = match.group(1)
    shot(browser, "list-draft")
    # Add the suggestion; take off anyone a check marks as an error; again, until the list is clean.
    for _ in range(5):
        if browser.find_elements(By.CSS_SELECTOR, "form.fill"):
            submit(browser, "form.fill")
        flagged = [
            row.find_element(By.CSS_SELECTOR, "input[name=reference]").get_attribute("value")
            for row in browser.find_elements(By.CSS_SELECTOR, "table.entries tbody tr")
            if row.find_elements(By.CSS_SELECTOR, "span.error")
        ]
        if not flagged:
            break
        for reference in flagged:
            form = browser.find_element(By.CSS_SELECTOR, f"input[name=reference][value='{reference}']").find_element(
                By.XPATH, "./ancestor::form")
            navigate(browser, form.submit)
    shot(browser, "list-checked")
    assert browser.find_elements(By.CSS_SELECTOR, "table.entries tbody tr"), "the list has people on it"
    submit(browser, "form.freeze")
    assert browser.find_element(By.CSS_SELECTOR, "strong.state").text == "frozen"
    shot(browser, "list-frozen")


@pytest.mark.parametrize("username, key", [
    ("official-ua", "official-UA.key"), ("official-ru", "official-RU.key"), ("mediator", "mediator-US.key"),
])
def test_each_required_signer_signs_in_the_browser(browser, username, key):
    open_list_as(browser, username)
    form = browser.find_element(By.CSS_SELECTOR, "form.sign")
    form.find_element(By.NAME, "key").send_keys(os.path.join(KEYS, key))
    shot(browser, f"sign-{username}")
    # Note what the form sends, in storage that outlives the page: the signature made here, and no key file.
    browser.execute_script("""
        const form = document.querySelector("form.sign");
        form.addEventListener("submit", () => sessionStorage.setItem("sent", JSON.stringify({
            signature: form.elements.signature.value, files: form.elements.key.files.length})));
    """)
    navigate(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]").click)
    browser.find_element(By.CSS_SELECTOR, "ul.signatures")
    sent = json.loads(browser.execute_script("return sessionStorage.getItem('sent')"))
    assert len(sent["signature"]) == 88, f"the browser signed the digest itself: {sent}"
    assert sent["files"] == 0, "the private key file is not sent"
    signer = {"official-ua": "official:UA", "official-ru": "official:RU", "mediator": "mediator:US"}[username]
    assert f"Signed by {signer}" in browser.page_source, browser.page_source[:1500]
    assert not browser.find_elements(By.CSS_SELECTOR, "form.sign"), "a signer signs once"


def test_the_list_is_approved(browser):
    open_list_as(browser, "observer")
    assert browser.find_element(By.CSS_SELECTOR, "strong.state").text == "approved"
    assert "Awaiting the signature" not in browser.page_source
    shot(browser, "list-approved")


def test_the_handover_is_recorded_person_by_person(browser):
    open_list_as(browser, "mediator")
    navigate(browser, browser.find_element(By.LINK_TEXT, "Record the handover").click)
    first = browser.find_element(By.CSS_SELECTOR, "form.outcome")
    Select(first.find_element(By.NAME, "outcome")).select_by_value("transferred")
    navigate(browser, first.submit)
    assert "1 outcomes recorded" in browser.page_source
    shot(browser, "handover-one")
    submit(browser, "form.remaining")
    assert " 0 to record" in browser.page_source
    assert not browser.find_elements(By.CSS_SELECTOR, "form.outcome")
    shot(browser, "handover-done")
    navigate(browser, browser.find_element(By.LINK_TEXT, "Reconciliation").click)
    state["reconciliation"] = browser.current_url


def test_the_reconciliation_and_statement_are_read(browser):
    sign_in(browser, "observer")
    browser.get(state["reconciliation"])
    page = browser.page_source
    assert "Reconciliation" in page
    assert "UA → RU" in page
    shot(browser, "reconciliation")
    browser.get(f"{URL}/agreements/1/reconciliation")
    assert "157 released by Ukraine and 157 released by Russian Federation" in browser.page_source
    shot(browser, "reconciliation-demo")


def test_talks_journal_and_users_pages(browser):
    sign_in(browser, "observer")
    browser.get(f"{URL}/talks")
    assert "314 in all = 157 per side" in browser.page_source
    shot(browser, "talks")
    browser.get(f"{URL}/journal")
    assert "The journal verifies" in browser.page_source
    shot(browser, "journal")
    browser.get(f"{URL}/lists")
    shot(browser, "lists")
    sign_in(browser, "admin")
    browser.get(f"{URL}/users")
    assert "liaison-ua" in browser.page_source
    shot(browser, "users")


def test_the_family_liaison_sees_one_case_status_and_nothing_else(browser):
    sign_in(browser, "liaison-ua")
    assert browser.current_url.endswith("/case")
    browser.find_element(By.NAME, "code").send_keys(os.environ["PARLEY_CASE"])
    submit(browser, "form.case")
    status = browser.find_element(By.CSS_SELECTOR, ".case-status").text
    assert status.startswith(f"Case {os.environ['PARLEY_CASE']}: "), status
    assert nav_labels(browser) == ["Case lookup"]
    shot(browser, "case")
    # Nothing else answers: not the registry, not a record, not the lists
    for path in ["/registry", "/lists", "/talks"]:
        browser.get(f"{URL}{path}")
        assert "403" in browser.page_source or "not allowed" in browser.page_source.lower(), path
    browser.get(f"{URL}/records/1")
    assert "404" in browser.page_source
    shot(browser, "case-elsewhere")
