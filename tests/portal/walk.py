"""A crawler of the supplier portal, for the exhaustive access tests.

`crawl(user)` signs in as a portal user and follows every link and form of the portal's
pages from its home, and every `/portal/...` API operation (list operations first, then
each detail operation with the ids the lists returned). What it found, replayed as a portal
user of *another* supplier, must answer 403 or 404; what it read must hold nothing
internal. Nothing here knows the portal's features: new pages and operations are walked
as soon as they are linked or published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.utils import timezone

from partnerbook.api import api

API = "/api/v1"
MAX_PAGES = 400
# Pages of the portal that are not about one supplier's records (everyone's the same).
SHARED_PREFIXES = ("/account/",)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, str]] = []  # (method, action)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "form":
            method = str(values.get("method") or "get").lower()
            self.forms.append((method, str(values.get("action") or "")))


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)  # path -> HTML
    forms: set[str] = field(default_factory=set)  # POST targets
    api: dict[str, Any] = field(default_factory=dict)  # API path -> JSON
    api_ids: dict[str, set[int]] = field(default_factory=dict)  # op template -> ids seen
    errors: list[tuple[str, int]] = field(default_factory=list)  # (path, status) of any 5xx


def _portal_path(href: str, here: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path or here
    if not path.startswith("/"):
        path = here.rsplit("/", 1)[0] + "/" + path
    return path if path.startswith("/portal/") else None


def crawl_pages(client: Client) -> Crawl:
    found = Crawl()
    queue = ["/portal/"]
    while queue and len(found.pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in found.pages:
            continue
        response = client.get(path)
        found.pages[path] = ""
        if response.status_code >= 500:
            found.errors.append((path, response.status_code))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        found.pages[path] = html
        parser = _Links()
        parser.feed(html)
        for href in parser.links:
            target = _portal_path(href, path)
            if target and target not in found.pages and target not in queue:
                queue.append(target)
        for method, action in parser.forms:
            target = _portal_path(action or path, path)
            if method == "post" and target:
                found.forms.add(target)
    return found


def portal_operations() -> list[tuple[str, str]]:
    """(METHOD, path template) of every `/portal/...` operation of the API."""
    paths = api.get_openapi_schema()["paths"]
    return [
        (method.upper(), path.removeprefix(API))
        for path, methods in paths.items()
        for method in methods
        if path.removeprefix(API).startswith("/portal/")
    ]


def _ids(value: Any) -> Iterator[int]:
    if isinstance(value, dict):
        if isinstance(value.get("id"), int):
            yield value["id"]
        for item in value.values():
            yield from _ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids(item)


PARAM = re.compile(r"\{[^}]+\}")


def crawl_api(client: Client, found: Crawl) -> Crawl:
    """GET every portal operation: those without parameters first, then each one with one
    parameter filled with every id a response of the same path prefix returned."""
    gets = [path for method, path in portal_operations() if method == "GET"]
    for path in gets:
        if PARAM.search(path):
            continue
        response = client.get(API + path)
        if response.status_code >= 500:
            found.errors.append((path, response.status_code))
        if response.status_code == 200 and "json" in response.get("Content-Type", ""):
            found.api[path] = response.json()
    seen: set[int] = {i for body in found.api.values() for i in _ids(body)}
    for path in gets:
        params = PARAM.findall(path)
        if len(params) != 1:
            continue
        prefix = path.split("{", 1)[0].rstrip("/")
        ids = {i for p, body in found.api.items() if p.startswith(prefix) for i in _ids(body)}
        for pk in sorted(ids or seen)[:20]:
            concrete = path.replace(params[0], str(pk))
            response = client.get(API + concrete)
            if response.status_code >= 500:
                found.errors.append((concrete, response.status_code))
            if response.status_code == 200:
                found.api_ids.setdefault(path, set()).add(pk)
                if "json" in response.get("Content-Type", ""):
                    found.api[concrete] = response.json()
    return found


def keys_of(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from keys_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_of(item)


def text_of(found: Crawl) -> Iterator[tuple[str, str]]:
    """(where, text) of everything the crawl read."""
    for path, html in found.pages.items():
        yield path, html
    for path, body in found.api.items():
        yield "API " + path, json.dumps(body, ensure_ascii=False)


def has_record_id(path: str) -> bool:
    return bool(re.search(r"/\d+(/|$)", path)) and not path.startswith(SHARED_PREFIXES)


# --- a schema-valid body for a write operation ----------------------------------------------


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def example(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    """A small value that satisfies `schema` (required fields only)."""
    schema = _resolve(schema, spec)
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [s for s in schema[combinator] if _resolve(s, spec).get("type") != "null"]
            return example(options[0] if options else schema[combinator][0], spec)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: example(props[name], spec) for name in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {}), spec)] * schema.get("minItems", 0)
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date":
            return timezone.localdate().isoformat()
        if fmt == "date-time":
            return timezone.now().isoformat()
        if fmt == "email":
            return "someone@example.com"
        return "x" * max(1, schema.get("minLength", 1))
    return None


def write_operations() -> list[tuple[str, str, Any, str]]:
    """(METHOD, path template, example JSON body or None, content type) of every portal
    write operation that names a record in its path."""
    spec = api.get_openapi_schema()
    found = []
    for path, methods in spec["paths"].items():
        short = path.removeprefix(API)
        if not short.startswith("/portal/") or not PARAM.search(short):
            continue
        for method, operation in methods.items():
            if method == "get":
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = example(content["application/json"]["schema"], spec)
                found.append((method.upper(), short, body, "application/json"))
            elif content:
                found.append((method.upper(), short, None, next(iter(content))))
            else:
                found.append((method.upper(), short, None, ""))
    return found


def path_params(method: str, template: str) -> dict[str, Any]:
    """Example values of an operation's path parameters, by name."""
    spec = api.get_openapi_schema()
    operation = spec["paths"][API + template][method.lower()]
    return {
        p["name"]: example(p.get("schema", {}), spec)
        for p in operation.get("parameters", [])
        if p.get("in") == "path"
    }


def aim(method: str, template: str, other: Crawl) -> list[str]:
    """Concrete paths of a write operation aimed at the records `other` could read: its first
    parameter takes the ids the other user's GETs under the same prefix answered."""
    names = PARAM.findall(template)
    prefix = template.split("{", 1)[0]
    ids: set[int] = set()
    for get_template, seen in other.api_ids.items():
        if get_template.split("{", 1)[0] == prefix:
            ids |= seen
    if not ids:
        # No detail operation: the ids the list operation of the same records returned
        # (`/portal/actions` for `/portal/actions/{item_id}`, one level up at most).
        base = prefix.rstrip("/")
        for candidate in (base, base.rsplit("/", 1)[0]):
            if candidate in other.api and candidate != "/portal":
                ids = set(_ids(other.api[candidate]))
                break
    if not ids:
        return []
    values = path_params(method, template)
    paths = []
    for pk in sorted(ids)[:5]:
        concrete = template.replace(names[0], str(pk), 1)
        for name in names[1:]:
            concrete = concrete.replace(name, str(values.get(name.strip("{}"), 1)))
        paths.append(concrete)
    return paths
