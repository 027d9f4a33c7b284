#!/usr/bin/python3
"""browser.py - the web view in a real browser (headless Chromium via
Selenium), with axe-core checking every page for WCAG 2.1 AA.

    browser.py BASE_URL EN_BASE_URL AXE_JS SHOTS_DIR SCHOOL_BASE_URL

The agent at BASE_URL (Dutch) has users anna (intake, password
"anna-wachtwoord-1") and bram ("bram-wachtwoord-1"), and an acute signal in
its inbox whose text holds a <script> element; the agent at EN_BASE_URL
speaks English; the agent at SCHOOL_BASE_URL (Dutch, role signal) has
user sanne ("sanne-wachtwoord-1"), who raises a signal in the form. Prints "ok NAME" or "FAIL NAME: why" per check; exit 0
when all held. Screenshots of every page go to SHOTS_DIR.
"""
import os, sys
from selenium.common.exceptions import NoAlertPresentException, NoSuchElementException
from selenium.webdriver.common.by import By
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webtest

BASE, EN_BASE, AXE, SHOTS, SCHOOL = sys.argv[1:6]
b = webtest.Browser(AXE, SHOTS, "1200,900")
driver, check, shot, axe, find, click_and_wait = b.driver, b.check, b.shot, b.axe, b.find, b.click_and_wait

def login(name, password, base=None):
    driver.get((base or BASE) + "login")
    driver.find_element(By.ID, "name").clear()
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]"))

try:
    # ---- the login page, and a wrong password --------------------------------
    driver.get(BASE)
    check("without login the browser lands on the login page",
          driver.current_url.endswith("/login"), driver.current_url)
    check("the page is Dutch", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
          and "Inloggen" in driver.title, driver.title)
    shot("01-login")
    axe("the login page")
    login("anna", "niet-het-wachtwoord")
    err = find("#login-error")
    check("a wrong password says so next to the form",
          err is not None and "klopt niet" in err.text, err.text if err else driver.page_source[:300])
    check("a wrong password logs nobody in", driver.current_url.endswith("/login"), driver.current_url)
    shot("02-login-wrong-password")
    axe("the login page with an error")

    # ---- lockout after five failures ---------------------------------------------
    for i in range(5):
        login("bram", "fout-%d-wachtwoord" % i)
    login("bram", "bram-wachtwoord-1")
    err = find("#login-error")
    check("after five failed logins even the right password is refused: locked",
          err is not None and "geblokkeerd" in err.text and find("#logout") is None,
          err.text if err else driver.current_url)
    shot("03-login-locked")

    # ---- the Postvak ------------------------------------------------------------------
    login("anna", "anna-wachtwoord-1")
    check("the right password opens the Postvak", driver.current_url.endswith("/postvak"),
          driver.current_url)
    cookie = driver.get_cookie("regie_session") or {}
    check("the session cookie is HttpOnly and SameSite=Strict",
          cookie.get("httpOnly") is True and cookie.get("sameSite") == "Strict", cookie)
    acute = find("li.msg.acuut")
    check("the acute signal stands out", acute is not None and "acuut" in acute.text.lower(),
          driver.page_source[:500])
    reminder = find("#acute-reminder")
    check("the Veilig Thuis / 112 reminder is shown",
          reminder is not None and "0800-2000" in reminder.text and "112" in reminder.text,
          reminder.text if reminder else "none")
    items = driver.find_elements(By.CSS_SELECTOR, "li.msg")
    check("acute comes first", items and "acuut" in (items[0].get_attribute("class") or ""),
          [i.get_attribute("class") for i in items])
    check("the sender is named", acute is not None and "Woonbron" in acute.text,
          acute.text if acute else "")
    check("the message is unread for anna", acute is not None
          and "unread" in acute.get_attribute("class"), acute.get_attribute("class") if acute else "")
    groups = driver.find_elements(By.CSS_SELECTOR, "section.household")
    check("messages are grouped per household", len(groups) >= 2, len(groups))
    shot("04-postvak")
    axe("the Postvak")

    # ---- a message with <script> in its text ----------------------------------------------
    seq = acute.get_attribute("data-seq")
    click_and_wait(acute.find_element(By.TAG_NAME, "a"))
    check("the message's page opens", driver.current_url.endswith("/bericht/" + seq), driver.current_url)
    text = find("#message-text")
    check("a <script> in a partner's text is shown as text",
          text is not None and "<script>alert(1)</script>" in text.text, text.text if text else "")
    check("and is no element of the page",
          not driver.find_elements(By.CSS_SELECTOR, "#message-text script"), "script element")
    try:
        driver.switch_to.alert
        check("no script of a partner ran", False, "an alert is open")
    except NoAlertPresentException:
        check("no script of a partner ran", True)
    check("the acute message repeats the reminder", find("#acute-reminder") is not None, "")
    shot("05-message")
    axe("a message's page")
    click_and_wait(driver.find_element(By.LINK_TEXT, "Terug naar het postvak"))
    li = find('li.msg[data-seq="%s"]' % seq)
    check("read now, for anna", li is not None and "unread" not in li.get_attribute("class"),
          li.get_attribute("class") if li else "")

    # ---- logout ----------------------------------------------------------------------------
    click_and_wait(driver.find_element(By.ID, "logout"))
    check("logout goes to the login page", driver.current_url.endswith("/login"), driver.current_url)
    driver.get(BASE + "postvak")
    check("after logout the Postvak needs a login again", driver.current_url.endswith("/login"),
          driver.current_url)
    shot("06-logged-out")

    # ---- read state is per person -------------------------------------------------------------
    # bram is locked; cora has read nothing
    login("cora", "cora-wachtwoord-1")
    li = find('li.msg[data-seq="%s"]' % seq)
    check("what anna read is still unread for cora",
          li is not None and "unread" in li.get_attribute("class"), li.get_attribute("class") if li else "")
    click_and_wait(driver.find_element(By.ID, "logout"))

    # ---- English ------------------------------------------------------------------------------
    driver.get(EN_BASE)
    check("an agent whose language is en speaks English",
          driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
          and "Log in" in driver.title, driver.title)
    shot("07-login-en")
    axe("the English login page")

    # ---- Signaal melden -----------------------------------------------------------------------
    login("sanne", "sanne-wachtwoord-1", SCHOOL)
    click_and_wait(driver.find_element(By.LINK_TEXT, "Signaal melden"))
    check("the form is reached from the menu", driver.current_url.endswith("/melden"), driver.current_url)
    shot("08-signal-form")
    axe("the signal form")
    click_and_wait(driver.find_element(By.ID, "send-signal"))
    missing = [f for f in ("bsn", "leefgebied", "severity", "ground", "informed", "text")
               if find("#error-" + f) is None]
    check("an empty form names every missing field next to it", not missing, missing)
    check("and says nothing was sent", find("#form-errors") is not None, "")
    shot("09-signal-form-errors")
    axe("the signal form with errors")
    from selenium.webdriver.support.ui import Select
    def fill(bsn):
        f = driver.find_element(By.ID, "in-bsn"); f.clear(); f.send_keys(bsn)
        Select(driver.find_element(By.ID, "in-leefgebied")).select_by_value("opleiding")
        Select(driver.find_element(By.ID, "in-severity")).select_by_value("ernstig")
        Select(driver.find_element(By.ID, "in-ground")).select_by_value("schoolverzuim")
        driver.find_element(By.CSS_SELECTOR, "input[name=informed][value=yes]").click()
        t = driver.find_element(By.ID, "in-text"); t.clear(); t.send_keys("Al drie weken afwezig")
    fill("123456789")
    click_and_wait(driver.find_element(By.ID, "send-signal"))
    err = find("#error-bsn")
    check("a BSN that fails the elfproef is refused next to its field, in the agent",
          err is not None and "bsn" in err.text.lower(), err.text if err else driver.page_source[:400])
    check("what was typed stays in the form",
          driver.find_element(By.ID, "in-text").get_attribute("value") == "Al drie weken afwezig", "")
    fill("111222333")
    click_and_wait(driver.find_element(By.ID, "send-signal"))
    out = find("#signal-outcome")
    check("afterwards the page says where the signal went",
          out is not None and "acm" in out.text and "hub" in out.text, out.text if out else driver.page_source[:400])
    shot("10-signal-sent")
    axe("the page after a signal")
except Exception:
    # where it stopped, for whoever reads the failure
    print("stopped at %s (%s): %s" % (driver.current_url, driver.title,
                                      driver.find_element(By.TAG_NAME, "body").text[:300]))
    raise
finally:
    driver.quit()

print("browser: %d failed" % b.failed)
sys.exit(1 if b.failed else 0)
