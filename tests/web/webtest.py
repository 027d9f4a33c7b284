"""webtest.py - what the browser tests share (browser.py, household.py):
headless Chromium through Selenium, a check that prints "ok NAME" or
"FAIL NAME: why" on one line, screenshots, axe-core for WCAG 2.1 AA, and a
click that waits for the next page."""
import os
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


class Browser:
    def __init__(self, axe_path, shots, window):
        """A Chromium of window ("WIDTH,HEIGHT"); axe-core from axe_path;
        screenshots into shots."""
        self.shots = shots
        os.makedirs(shots, exist_ok=True)
        self.failed = 0
        self.axe_source = open(axe_path, encoding="utf-8").read()
        opts = webdriver.ChromeOptions()
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=" + window, "--no-first-run", "--disable-extensions"):
            opts.add_argument(a)
        opts.binary_location = "/usr/bin/chromium"
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(60)

    def check(self, name, cond, why=""):
        if cond:
            print("ok", name)
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, str(why)[:400].replace("\n", " ")))

    def shot(self, name):
        self.driver.save_screenshot(os.path.join(self.shots, name + ".png"))

    def axe(self, name):
        """axe-core on the current page: no WCAG 2.0/2.1 A or AA violation."""
        self.driver.execute_script(self.axe_source)
        result = self.driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
            ".then(function (r) { done({v: r.violations.map(function (x) {"
            "  return x.id + ': ' + x.help + ' (' + x.nodes.length + ')'; })}); })"
            ".catch(function (e) { done({error: String(e)}); });")
        if "error" in result:
            self.check("axe runs on " + name, False, result["error"])
            return
        self.check("axe: no WCAG 2.1 AA violation on " + name, not result["v"], "; ".join(result["v"]))

    def find(self, css):
        try:
            return self.driver.find_element(By.CSS_SELECTOR, css)
        except NoSuchElementException:
            return None

    def click_and_wait(self, element):
        """Clicks and waits until the next page has replaced this one."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        def gone(d):
            try:
                old.get_attribute("lang")
                return False
            except Exception:
                return True
        WebDriverWait(self.driver, 20).until(gone)
