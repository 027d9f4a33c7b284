#!/usr/bin/python3
"""household.py - Mijn huishoudens and Huishouden in a real browser
(headless Chromium via Selenium), with axe-core on every page.

    household.py ACM_BASE_URL BRAM_BASE_URL AXE_JS SHOTS_DIR

The team agent at ACM_BASE_URL (Dutch, roles intake and regie) holds regie
over household A (BSN 111222333): two signals from woonbron (one acute,
with <script> in its text), a round and an overdue agreement. It has users
anna (casemanager, "anna-wachtwoord-1") and mel (melder,
"mel-wachtwoord-12"), and a label "Fam. Jansen" for household B, which
cm-bram holds. The agent at BRAM_BASE_URL speaks English; its user bram
(casemanager, "bram-wachtwoord-1") holds household B with one signal.
Prints "ok NAME" or "FAIL NAME: why" per check, then "household: N failed".
"""
import http.client, os, re, sys, urllib.parse
from selenium.common.exceptions import NoAlertPresentException, NoSuchElementException
from selenium.webdriver.common.by import By
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webtest

ACM, BRAM, AXE, SHOTS = sys.argv[1:5]
NL_MONTHS = ("januari februari maart april mei juni juli augustus september oktober "
             "november december").split()
b = webtest.Browser(AXE, SHOTS, "1200,1400")
driver, check, shot, axe, find, click_and_wait = b.driver, b.check, b.shot, b.axe, b.find, b.click_and_wait

def login(base, name, password):
    driver.get(base + "login")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]"))

def logout():
    click_and_wait(driver.find_element(By.ID, "logout"))

def h1():
    e = find("h1")
    return e.text if e else ""

def rows():
    return driver.find_elements(By.CSS_SELECTOR, "#caseload tbody tr")

def req(base, method, path, body=None):
    """The same request outside the browser, with the browser's session:
    (status, page)."""
    u = urllib.parse.urlparse(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    cookie = driver.get_cookie("regie_session")
    headers = {"Cookie": "regie_session=" + cookie["value"]} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    page = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, page

try:
    # ---- bram, in English, holds household B ----------------------------------------
    login(BRAM, "bram", "bram-wachtwoord-1")
    link = driver.find_elements(By.LINK_TEXT, "My households")
    check("a casemanager's menu has My households (English)", bool(link), driver.page_source[:300])
    click_and_wait(link[0])
    check("My households in English", h1() == "My households"
          and driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", h1())
    check("bram's caseload holds the household intake gave him (regie_assigned)", len(rows()) == 1,
          len(rows()))
    b_key = rows()[0].get_attribute("data-key") if rows() else ""
    check("its newest signal is named, in English",
          rows() and "from Woonbron, 010-4400000" in rows()[0].text, rows()[0].text if rows() else "")
    shot("01-my-households-en")
    axe("My households (English)")
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "#caseload tbody a"))
    tl = driver.find_element(By.ID, "timeline").text if find("#timeline") else ""
    check("Household in English: the signal after the claim, by its sender",
          "Signal from Woonbron, 010-4400000: concern, financien" in tl and "Energierekening onbetaald" in tl, tl)
    shot("02-household-en")
    axe("Household (English)")
    logout()

    # ---- anna, casemanager of the team agent ---------------------------------------
    login(ACM, "anna", "anna-wachtwoord-1")
    link = driver.find_elements(By.LINK_TEXT, "Mijn huishoudens")
    check("the menu has Mijn huishoudens for a casemanager", bool(link), driver.page_source[:300])
    click_and_wait(link[0])
    check("Mijn huishoudens, in Dutch", h1() == "Mijn huishoudens"
          and driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl", h1())
    r = rows()
    check("the household the intake accepted for this agent is in the caseload, and only that one",
          len(r) == 1, [x.text for x in r])
    a_key = r[0].get_attribute("data-key") if r else ""
    check("household A is not B", a_key and a_key != b_key, (a_key, b_key))
    cells = r[0].find_elements(By.TAG_NAME, "td") if r else []
    texts = [c.text for c in cells]
    check("its phase in words", len(texts) == 5 and texts[1] == "intake", texts)
    check("its next round, in Dutch", len(texts) == 5 and any(m in texts[2] for m in NL_MONTHS)
          and "14:00" in texts[2], texts)
    check("one agreement overdue", len(texts) == 5 and texts[3] == "1", texts)
    check("its newest signal: acute, with the date in Dutch and its sender's name",
          len(texts) == 5 and "acuut" in texts[4] and "van Test woonbron" in texts[4]
          and any(m in texts[4] for m in NL_MONTHS), texts)
    check("the count says how many", "1 huishouden" in (find("#caseload-count").text or ""),
          find("#caseload-count").text)
    check("no 64-hex id on the page", not re.search(r"[0-9a-f]{32}", driver.find_element(By.TAG_NAME, "main").text),
          driver.find_element(By.TAG_NAME, "main").text)
    shot("03-mijn-huishoudens")
    axe("Mijn huishoudens")

    # ---- Huishouden -----------------------------------------------------------------
    click_and_wait(r[0].find_element(By.TAG_NAME, "a"))
    check("the link opens the Huishouden page", driver.current_url.endswith("/huishouden/" + a_key),
          driver.current_url)
    events = driver.find_elements(By.CSS_SELECTOR, "#timeline li.event")
    sig = driver.find_elements(By.CSS_SELECTOR, "#timeline li.event.signal")
    check("both signals are on the timeline", len(sig) == 2, [e.text for e in events])
    first_signal = sig[0].text if sig else ""
    check("the signal with its sender's name and severity, in Dutch",
          any("Signaal van Woonbron, 010-4400000: ernstig, huisvesting" in s.text for s in sig), [s.text for s in sig])
    check("the acute one named by the hub's name for its sender",
          "Signaal van Test woonbron: acuut, gezin" in first_signal, first_signal)
    check("a <script> in a signal's text is shown as text",
          "Buren horen geschreeuw <script>alert(1)</script>" in first_signal, first_signal)
    check("and is no element of the page", not driver.find_elements(By.CSS_SELECTOR, "#timeline script"), "")
    try:
        driver.switch_to.alert
        check("no script of a partner ran", False, "an alert is open")
    except NoAlertPresentException:
        check("no script of a partner ran", True)
    order = [e.text for e in events]
    i_ag = next((i for i, t in enumerate(order) if "Afspraak met Test woonbron" in t), -1)
    i_sig = next((i for i, t in enumerate(order) if "Signaal van" in t), -1)
    i_claim = next((i for i, t in enumerate(order) if "Regie hier genomen" in t), -1)
    check("the timeline is newest first", 0 <= i_ag < i_claim < i_sig, [t[:50] for t in order])
    dates = [e.find_element(By.CSS_SELECTOR, ".meta").text for e in events]
    check("timeline dates are Dutch", dates and all(any(m in d for m in NL_MONTHS) for d in dates), dates)
    ag = driver.find_elements(By.CSS_SELECTOR, "#agreements tbody tr")
    check("the agreement with its owner, escaped action and status in words",
          len(ag) == 1 and "Test woonbron" in ag[0].text and "<b>opstellen</b>" in ag[0].text
          and "te laat" in ag[0].text, [a.text for a in ag])
    rounds = find("#rounds")
    check("the round is listed", rounds is not None and "gepland" in rounds.text
          and "Wijkcentrum" in rounds.text, rounds.text if rounds else "")
    check("the claim is on the timeline", any("Regie hier genomen (fase intake)" in e.text for e in events),
          [e.text[:60] for e in events])
    facts = find("#household-facts")
    check("members are shown by a short reference only",
          facts is not None and "gezinslid, kenmerk " + a_key[1:] in facts.text
          and not re.search(r"[0-9a-f]{32}", driver.find_element(By.TAG_NAME, "main").text), facts.text if facts else "")
    shot("04-huishouden")
    axe("Huishouden")

    # ---- the label form: errors next to the field, nothing changed -------------------
    f = driver.find_element(By.ID, "in-label"); f.clear()
    click_and_wait(driver.find_element(By.ID, "save-label"))
    err = find("#error-label")
    check("an empty label is refused next to its field", err is not None and "verplicht" in err.text,
          driver.page_source[:300])
    check("the page says nothing was saved", find("#form-errors") is not None, "")
    check("the field is marked invalid", find("#in-label[aria-invalid=true]") is not None, "")
    shot("05-huishouden-label-error")
    axe("Huishouden with a form error")
    f = driver.find_element(By.ID, "in-label"); f.clear(); f.send_keys("Fam. Jansen")
    click_and_wait(driver.find_element(By.ID, "save-label"))
    err = find("#error-label")
    check("another household's label is refused", err is not None and "ander huishouden" in err.text,
          err.text if err else "")
    f = driver.find_element(By.ID, "in-label"); f.clear(); f.send_keys("Fam. de Vries")
    n = driver.find_element(By.ID, "in-names"); n.clear(); n.send_keys("Jan en Petra de Vries, Sem")
    click_and_wait(driver.find_element(By.ID, "save-label"))
    check("a label is saved and said so", find("#label-saved") is not None and h1() == "Fam. de Vries",
          h1())
    shot("06-huishouden-labelled")
    # limits outside the browser's maxlength
    st, page = req(ACM, "POST", "/huishouden/" + a_key,
                    "csrf=%s&label=%s" % (re.search(r'name="csrf" value="([0-9a-f]+)"', driver.page_source).group(1),
                                           "x" * 81))
    check("a label of 81 characters: 400, error next to the field", st == 400 and 'id="error-label"' in page, st)
    st, page = req(ACM, "POST", "/huishouden/" + a_key,
                    "csrf=%s&label=Fam.%%0Aander" % re.search(r'name="csrf" value="([0-9a-f]+)"', driver.page_source).group(1))
    check("a label over two lines: 400", st == 400 and 'id="error-label"' in page, st)
    st, page = req(ACM, "POST", "/huishouden/" + a_key,
                    "csrf=%s&label=Ok&names=%s" % (re.search(r'name="csrf" value="([0-9a-f]+)"', driver.page_source).group(1),
                                                   "n" * 501))
    check("names of 501 characters: 400, error next to them", st == 400 and 'id="error-names"' in page, st)
    st, page = req(ACM, "POST", "/huishouden/" + a_key, "label=Gestolen")
    check("a label form without its CSRF token: 403", st == 403, st)

    # ---- search ------------------------------------------------------------------------
    driver.get(ACM + "huishoudens?q=petra")
    check("search finds the household by a name kept with its label",
          len(rows()) == 1 and "Fam. de Vries" in rows()[0].text, [x.text for x in rows()])
    driver.get(ACM + "huishoudens?q=VRIES")
    check("search ignores case", len(rows()) == 1, len(rows()))
    driver.get(ACM + "huishoudens?q=jansen")
    check("search does not show a household held elsewhere", len(rows()) == 0
          and "0 huishoudens passen bij" in (find("#search-count").text if find("#search-count") else ""),
          [x.text for x in rows()])
    shot("07-mijn-huishoudens-zoeken")
    axe("Mijn huishoudens with a search")
    st, page = req(ACM, "GET", "/huishoudens?q=" + "a" * 81)
    check("a search of 81 characters: 400 with the error next to the field",
          st == 400 and 'id="error-q"' in page, st)
    driver.get(ACM + "huishoudens?q=" + "a" * 81)
    shot("08-mijn-huishoudens-zoekfout")
    axe("Mijn huishoudens with a search error")
    st, page = req(ACM, "GET", "/huishoudens?q=a%00b")
    check("a search holding a NUL: 400", st == 400 and 'id="error-q"' in page, st)
    st, page = req(ACM, "GET", "/huishoudens?q=a&sort=naam")
    check("an unknown parameter: 400", st == 400, st)

    # ---- households not hers ------------------------------------------------------------
    for key, why in ((b_key, "held by another casemanager's agent"), ("p000000000000", "unknown"),
                     ("zzz", "malformed"), (a_key + "0", "too long")):
        st, page = req(ACM, "GET", "/huishouden/" + key)
        check("a household %s is not shown (404)" % why, st == 404 and "niet gevonden" in page
              and "Energierekening" not in page, st)
    driver.get(ACM + "huishouden/" + b_key)
    shot("09-huishouden-niet-gevonden")
    axe("Huishouden not found")
    logout()

    # ---- a melder of the same agent ---------------------------------------------------------
    login(ACM, "mel", "mel-wachtwoord-12")
    check("a melder's menu has no Mijn huishoudens",
          not driver.find_elements(By.LINK_TEXT, "Mijn huishoudens"), "")
    for path in ("/huishoudens", "/huishouden/" + a_key):
        st, page = req(ACM, "GET", path)
        check("a melder may not open %s (403)" % path, st == 403 and "Niet voor uw rol" in page
              and "Buren horen" not in page and "de Vries" not in page, st)
    driver.get(ACM + "huishouden/" + a_key)
    shot("10-huishouden-geen-recht")
    logout()
    driver.get(ACM + "huishoudens")
    check("without login the caseload needs a login", driver.current_url.endswith("/login"),
          driver.current_url)
except Exception as e:
    import traceback
    traceback.print_exc()
    check("the browser script ran to its end", False, repr(e))
finally:
    driver.quit()
print("household: %d failed" % b.failed)
sys.exit(1 if b.failed else 0)
