"""A small HTTP fuzzer for the test suite: it crawls the site as a user
(links and forms found in the HTML), adds every URL pattern of the resolver
filled with good and bad ids, then sends each endpoint a battery of
malformed GET queries and POST bodies. It records every 5xx (or exception
that escaped a view) with the request that caused it."""

from __future__ import annotations

import re
import traceback
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver

HUGE_INT = "9" * 40
LONG_TEXT = "长" * 50_000
NUL = "a\x00b"
MAX_FIELDS = 8  # per form, fields tried one at a time (all are tried together too)

# Values every field and query parameter is tried with.
BAD_VALUES = [
    "",
    NUL,
    "abc",
    "-1",
    "0",
    HUGE_INT,
    "1e309",
    "NaN",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),  # undecodable bytes, as text
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7*7 }}",
    "../../etc/passwd",
]

# Paths the fuzzer never sends hostile input to: Django's own admin and the
# session switches (logging out would end the crawl).
SKIP = ("/django-admin/", "/accounts/logout/", "/i18n/")


class _Forms(HTMLParser):
    """Links and forms (action, method, field names and a sample value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": {},
            }
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None and a.get("name"):
            kind = (a.get("type") or tag).lower()
            if kind in ("checkbox", "radio") and a["name"] in self._form["fields"]:
                return
            self._form["fields"][a["name"]] = (kind, a.get("value") or "")
        elif tag == "option" and self._form is not None:
            pass

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


@dataclass
class Endpoint:
    path: str
    query_names: set = field(default_factory=set)
    posts: list = field(default_factory=list)  # field dicts of forms posting here
    light: bool = False  # an id that names nothing: one GET and one POST are enough


@dataclass
class Report:
    requests: int = 0
    failures: list = field(default_factory=list)
    kinds: dict = field(default_factory=dict)

    def record(self, method, url, data, outcome, where=""):
        self.failures.append(f"{method} {url} {_short(data)} -> {outcome}")
        self.kinds.setdefault((where or outcome, re.sub(r"\d+", "N", url)), self.failures[-1])

    def summary(self) -> str:
        """One example per (cause, URL shape): the list a developer fixes."""
        return "\n".join(self.kinds.values())


def _short(data) -> str:
    if not data:
        return ""
    if not isinstance(data, dict):
        return repr(data[:60])
    text = repr(
        {k: (v[:20] + "…" if isinstance(v, str) and len(v) > 20 else v) for k, v in dict(data).items()}
    )
    return text[:300]


def patterns(resolver=None, prefix="") -> list[tuple[str, URLPattern]]:
    """(route, pattern) for every URL the resolver knows."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += patterns(entry, route)
        else:
            found.append((route, entry))
    return found


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route: str, values: dict[str, list[str]]) -> list[tuple[str, bool]]:
    """(url, first) for the route with each parameter replaced by each
    candidate value (one parameter varied at a time, the others at their
    first value); `first` marks the URL made of first values only."""
    names = [m.group(2) for m in _PARAM.finditer(route)]
    base = {name: values.get(name, ["x"])[0] for name in names}
    urls = {"/" + _PARAM.sub(lambda m: base[m.group(2)], route): True}
    for name in names:
        for value in values.get(name, ["x"])[1:]:
            chosen = dict(base, **{name: value})
            urls.setdefault("/" + _PARAM.sub(lambda m, c=chosen: c[m.group(2)], route), False)
    return sorted(urls.items())


class Fuzzer:
    def __init__(self, client, report: Report, *, page_limit=60, per_route=2):
        self.client = client
        self.report = report
        self.page_limit = page_limit
        self.per_route = per_route
        self.endpoints: dict[str, Endpoint] = {}

    # -- requests ---------------------------------------------------------
    def send(self, method, url, data=None, **extra):
        self.report.requests += 1
        try:
            if method == "GET":
                response = self.client.get(url, data or {}, **extra)
            else:
                response = self.client.post(url, data or {}, **extra)
        except Exception as error:  # an exception that escaped a view is a 500
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{frame.filename}:{frame.lineno}"
            self.report.record(
                method, url, data, f"{type(error).__name__}: {str(error)[:160]} @ {where}", where
            )
            return None
        if response.status_code >= 500:
            self.report.record(method, url, data, str(response.status_code))
        return response

    # -- discovery --------------------------------------------------------
    def crawl(self, starts):
        seen_shapes: dict[str, int] = {}
        queue = deque(starts)
        visited = set()
        while queue and len(visited) < self.page_limit:
            url = queue.popleft()
            if url in visited or url.startswith(SKIP):
                continue
            shape = re.sub(r"\d+", "N", urlsplit(url).path)
            if seen_shapes.get(shape, 0) >= self.per_route:
                continue
            seen_shapes[shape] = seen_shapes.get(shape, 0) + 1
            visited.add(url)
            response = self.send("GET", url)
            if response is None or response.status_code != 200:
                continue
            if "html" not in response.get("Content-Type", ""):
                continue
            self._endpoint(urlsplit(url).path).query_names.update(
                k for k, _ in parse_qsl(urlsplit(url).query)
            )
            parser = _Forms()
            parser.feed(response.content.decode("utf-8", "replace"))
            for form in parser.forms:
                target = urlsplit(urljoin(url, form["action"] or url))
                if target.netloc not in ("", "testserver"):
                    continue
                endpoint = self._endpoint(target.path)
                if form["method"] == "post":
                    endpoint.posts.append(form["fields"])
                else:
                    endpoint.query_names.update(form["fields"])
            for href in parser.links:
                target = urlsplit(urljoin(url, href))
                if target.netloc in ("", "testserver") and target.path.startswith("/"):
                    queue.append(target.path + (f"?{target.query}" if target.query else ""))

    def add_routes(self, values):
        for route, _pattern in patterns():
            if ("/" + route).startswith(SKIP) or route.startswith("^"):
                continue
            for url, first in fill(route, values):
                endpoint = self._endpoint(url)
                endpoint.light = endpoint.light or (not first and not endpoint.posts)

    def _endpoint(self, path) -> Endpoint:
        return self.endpoints.setdefault(path, Endpoint(path))

    # -- attack -----------------------------------------------------------
    def attack(self):
        for path, endpoint in sorted(self.endpoints.items()):
            if path.startswith(SKIP):
                continue
            if endpoint.light:
                self.send("GET", path, {"page": HUGE_INT})
                self.send("POST", path, {"x": NUL})
                continue
            self._attack_get(endpoint)
            self._attack_post(endpoint)

    def _attack_get(self, endpoint):
        names = sorted(endpoint.query_names | {"page", "unit", "next", "q"})
        self.send("GET", endpoint.path)
        for value in (HUGE_INT, "abc"):
            self.send("GET", endpoint.path, {name: value for name in names})
        self.send("GET", endpoint.path + "?" + "&".join(f"{n}=1&{n}=abc&{n}[x]=2" for n in names))
        self.send("GET", endpoint.path + "?=1&%00=2&page[]=3")

    def _attack_post(self, endpoint):
        self.send("POST", endpoint.path, {})
        self.send("POST", endpoint.path, {"": "x", "a[b][c]": "z", "d": ["1", "2"]})
        self.send("POST", endpoint.path, b"\xff\xfe{not json", content_type="application/json")
        if not endpoint.posts:
            return
        fields = endpoint.posts[0]
        good = {name: value for name, (kind, value) in fields.items() if kind != "file"}
        for value in BAD_VALUES:
            self.send("POST", endpoint.path, {name: value for name in fields})
        for name in sorted(fields)[:MAX_FIELDS]:
            for value in (NUL, LONG_TEXT):
                self.send("POST", endpoint.path, dict(good, **{name: value}))
        # duplicated and nested parameters, then a body over the size limit
        dup = "&".join(f"{n}=1&{n}=abc&{n}[0]=x" for n in fields)
        self.send("POST", endpoint.path, dup, content_type="application/x-www-form-urlencoded")
        self.send("POST", endpoint.path, dict(good, x="x" * (3 * 1024 * 1024)))
