#!/usr/bin/python3
"""security.py - the web view's security points, without a browser.

    security.py BASE_URL USER PASSWORD REGIE AGENT_DIR

Speaks plain HTTP with urllib (no redirects followed, no cookie jar) and
prints one line per check: "ok NAME" or "FAIL NAME: why". Exit 0 when
every check held. Run by tests/integration/web_view.sh.
"""
import http.client, subprocess, sys, urllib.parse

BASE, USER, PASSWORD, REGIE, DIR = sys.argv[1:6]
u = urllib.parse.urlparse(BASE)
HOST, PORT = u.hostname, u.port
failed = 0

def check(name, cond, why=""):
    global failed
    if cond:
        print("ok", name)
    else:
        failed += 1
        print("FAIL %s: %s" % (name, why))

def req(method, path, body=None, cookies=None, ctype="application/x-www-form-urlencoded",
        headers=None):
    c = http.client.HTTPConnection(HOST, PORT, timeout=30)
    h = dict(headers or {})
    if cookies:
        h["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    if body is not None:
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
        if isinstance(body, str):
            body = body.encode()
        if ctype:
            h["Content-Type"] = ctype
    try:
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read().decode("utf-8", "replace")
        return r.status, r.headers, data
    except (ConnectionError, http.client.HTTPException) as e:
        return 0, {}, str(e)
    finally:
        c.close()

def set_cookies(headers):
    out = {}
    for v in headers.get_all("Set-Cookie") or []:
        name, _, rest = v.partition("=")
        out[name] = (rest.split(";")[0], v)
    return out

def form_token(html):
    marker = 'name="csrf" value="'
    i = html.find(marker)
    return html[i + len(marker):i + len(marker) + 64] if i >= 0 else ""

def login(user, password):
    st, h, html = req("GET", "/login")
    lc = set_cookies(h).get("regie_login", ("", ""))[0]
    st, h, html = req("POST", "/login", {"csrf": form_token(html), "name": user, "password": password},
                      cookies={"regie_login": lc})
    return st, h, html

def headers_ok(name, h):
    csp = h.get("Content-Security-Policy", "")
    check(name + ": CSP without inline script, frame-ancestors none",
          "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp,
          csp)
    check(name + ": Referrer-Policy no-referrer", h.get("Referrer-Policy") == "no-referrer",
          h.get("Referrer-Policy"))
    check(name + ": X-Content-Type-Options nosniff", h.get("X-Content-Type-Options") == "nosniff",
          h.get("X-Content-Type-Options"))

# ---- no page without login ---------------------------------------------------
for path in ("/", "/postvak", "/bericht/1"):
    st, h, _ = req("GET", path)
    check("GET %s without login goes to the login page" % path,
          st == 303 and h.get("Location") == "/login", "%s %s" % (st, h.get("Location")))
    headers_ok("GET %s" % path, h)
st, h, html = req("GET", "/postvak", cookies={"regie_session": "0" * 64})
check("a made-up session cookie is no session", st == 303 and h.get("Location") == "/login", st)
st, h, html = req("POST", "/logout", {"csrf": "x"})
check("POST without login is refused", st == 403, st)

# ---- the login form's own token ------------------------------------------------
st, h, html = req("GET", "/login")
headers_ok("GET /login", h)
ck = set_cookies(h)
check("the login form sets an HttpOnly, SameSite=Strict cookie for its token",
      "regie_login" in ck and "HttpOnly" in ck["regie_login"][1]
      and "SameSite=Strict" in ck["regie_login"][1], ck)
st, h, html = req("POST", "/login", {"name": USER, "password": PASSWORD},
                  cookies={"regie_login": ck["regie_login"][0]})
check("a login without the form's token is refused", st == 403 and "regie_session" not in set_cookies(h), st)
st, h, html = req("POST", "/login", {"csrf": "a" * 64, "name": USER, "password": PASSWORD},
                  cookies={"regie_login": ck["regie_login"][0]})
check("a login with a wrong form token is refused", st == 403 and "regie_session" not in set_cookies(h), st)

# ---- a session ---------------------------------------------------------------
st, h, html = login(USER, PASSWORD)
sc = set_cookies(h)
check("a right password logs in (303 to the Postvak)",
      st == 303 and h.get("Location") == "/postvak" and "regie_session" in sc, "%s %s" % (st, sc))
session = sc.get("regie_session", ("", ""))
check("the session cookie is HttpOnly and SameSite=Strict",
      "HttpOnly" in session[1] and "SameSite=Strict" in session[1], session[1])
cookies = {"regie_session": session[0]}
st, h, html = req("GET", "/postvak", cookies=cookies)
check("with the session the Postvak is shown", st == 200 and 'id="unread-count"' in html, st)
headers_ok("GET /postvak (logged in)", h)
csrf = form_token(html)
check("the page carries a CSRF token for its forms", len(csrf) == 64, csrf)

st, h, html = req("POST", "/logout", {}, cookies=cookies)
check("POST without a CSRF token is refused", st == 403, st)
st, h, html = req("POST", "/logout", {"csrf": "b" * 64}, cookies=cookies)
check("POST with a wrong CSRF token is refused", st == 403, st)
st, h, html = req("GET", "/postvak", cookies=cookies)
check("after refused POSTs the session still holds", st == 200, st)
st, h, html = req("POST", "/logout", {"csrf": csrf}, cookies=cookies, ctype="text/plain")
check("POST that is no form is refused", st == 415, st)

# ---- limits -----------------------------------------------------------------------
st, h, html = req("POST", "/logout", {"csrf": csrf, "pad": "x" * 20000}, cookies=cookies)
check("an oversized body is refused (413)", st == 413 or st == 0, st)
st, h, html = req("GET", "/postvak", cookies=cookies)
check("after the oversized body the session still holds", st == 200, st)
st, h, html = req("PUT", "/postvak", "x", cookies=cookies)
check("a method other than GET and POST is refused", st == 405, st)
st, h, html = req("GET", "/bericht/abc", cookies=cookies)
check("a message number that is no number is not found", st == 404, st)
st, h, html = req("GET", "/bericht/99999999", cookies=cookies)
check("a message that is not there is not found", st == 404, st)
st, h, html = req("GET", "/style.css")
check("the style sheet is served from the program", st == 200 and "text/css" in h.get("Content-Type", ""), st)
st, h, html = req("GET", "/app.js")
check("the script is served from the program",
      st == 200 and "javascript" in h.get("Content-Type", ""), st)

# ---- logout ends the session ---------------------------------------------------------
st, h, html = req("POST", "/logout", {"csrf": csrf}, cookies=cookies)
check("logout with the token goes to the login page", st == 303 and h.get("Location") == "/login", st)
st, h, html = req("GET", "/postvak", cookies=cookies)
check("after logout the old cookie is no session", st == 303 and h.get("Location") == "/login", st)

# ---- a removed person's session ends ---------------------------------------------------
subprocess.run([REGIE, "user", "add", "-d", DIR, "tijdelijk", "--role", "melder"],
               input=b"tijdelijk-wachtwoord\n", check=True, capture_output=True)
st, h, html = login("tijdelijk", "tijdelijk-wachtwoord")
cookies = {"regie_session": set_cookies(h).get("regie_session", ("", ""))[0]}
st, h, html = req("GET", "/postvak", cookies=cookies)
check("the second person is logged in", st == 200, st)
subprocess.run([REGIE, "user", "remove", "-d", DIR, "tijdelijk"], check=True, capture_output=True)
st, h, html = req("GET", "/postvak", cookies=cookies)
check("a removed person's session ends at once", st == 303 and h.get("Location") == "/login", st)

print("security: %d failed" % failed)
sys.exit(1 if failed else 0)
