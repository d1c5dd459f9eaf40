"""Bad input to every endpoint and form never answers 5xx (issue 14).

Every route is in the authorization matrix (``tests/test_authorization.py`` fails for one
that is not), so iterating the matrix's rows covers new endpoints automatically. Each row is
called as an administrator with its path, query, JSON body or form fields replaced by what
broke the server before: NUL, lone surrogates, very deep nesting, huge and non-integer
numbers, CR/LF. JSON fields come from the row's body *and* the OpenAPI document's request
schema; form fields from the row's data and the page's own ``<input name=…>`` elements.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.test_authorization import (
    API,
    LEARNING_PLACEHOLDERS,
    PAGES,
    _fill,
    _needs_authoring,
    _world,
)

NUL = "a\x00b"
SURROGATE = '"\\ud800 lone"'  # raw JSON text: the escape a client really sends
DEEP_ARRAYS = "[" * 100_000 + "]" * 100_000
DEEP_OBJECTS = '{"a":' * 5_000 + "1" + "}" * 5_000
JSON_VALUES = [  # raw JSON text for a field's value
    json.dumps(NUL),
    SURROGATE,
    DEEP_ARRAYS,
    DEEP_OBJECTS,
    "2147483648",
    "-2147483649",
    "1" + "0" * 40,
    "1.5",
    '"1"',
    "1e400",
    "NaN",
    "[2147483648]",
]
TEXT_VALUES = [NUL, "99999999999999999999", "2147483648", "nan", "inf", "/\r\nSet-Cookie: a=b"]
CRLF_NEXT = "/%0D%0ASet-Cookie:%20a%3Db"
QUERY = (
    "?q=a%00b&page=99999999999999999999&per_page=2147483648&next="
    + CRLF_NEXT
    + "&department=99999999999999999999&to=99999999999999999999&from=-99999999999999999999"
    + "&tag=a%00b&state=a%00b&sort=a%00b&id=99999999999999999999&since=a%00b"
)


def _rows(table: list, api: bool) -> list:
    seen = set()
    rows = []
    for method, path, body, _expected in table:
        if (method, path) in seen:
            continue
        seen.add((method, path))
        rows.append(pytest.param(method, path, body, api, id=f"{method}-{path}"))
    return rows


def _setup(snapshots: Any, login_as: Any, path: str, body: Any) -> tuple[dict, dict]:
    from peerlearn.accounts.models import User
    from peerlearn.extensions import db

    needs_learning = any(f"{{{name}}}" in path for name in LEARNING_PLACEHOLDERS)
    needs_authoring = _needs_authoring(path, body) or needs_learning
    people, ids = snapshots.restore(
        f"authorization-admin-{needs_authoring}-{needs_learning}",
        lambda: _world("admin", needs_authoring, needs_learning),
    )
    login_as(db.session.get(User, people["me"]))
    return people, ids


def _url(template: str, people: dict, ids: dict, **override: Any) -> str:
    values = {"user": people["target"], "dept": people["dept"], "key": "accuracy", **ids}
    values.update(override)
    return template.format(**values)


def _spec_fields(client: Any, method: str, path: str) -> list[str]:
    """Request-body property names the OpenAPI document gives this operation."""
    spec = client.get("/api/v1/openapi.json").get_json()
    wanted = re.sub(r"\{\w+\}", "{}", path)
    for spec_path, operations in spec["paths"].items():
        if re.sub(r"\{\w+\}", "{}", spec_path) != wanted:
            continue
        operation = operations.get(method.lower(), {})
        content = operation.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return list(schema.get("properties", {}))
    return []


def _assert_answered(response: Any, api: bool, what: str) -> None:
    assert response.status_code < 500, f"{what} → {response.status_code}"
    if api and response.status_code >= 400:
        error = response.get_json()["error"]
        assert set(error) == {"code", "message", "fields"}, what


def _path_variants(path: str, people: dict, ids: dict) -> list[str]:
    """The path with each placeholder made huge (ids) or unstorable (slugs, keys)."""
    urls = []
    for name in re.findall(r"\{(\w+)\}", path):
        current = {"user": people["target"], "dept": people["dept"], **ids}.get(name)
        bad = ["2147483648", "99999999999999999999"] if isinstance(current, int) else []
        urls.extend(_url(path, people, ids, **{name: value}) for value in [*bad, "a%00b"])
    return urls


@pytest.mark.parametrize(("method", "path", "body", "api"), _rows(API, True) + _rows(PAGES, False))
def test_bad_input_never_answers_5xx(client, login_as, snapshots, method, path, body, api):
    people, ids = _setup(snapshots, login_as, path, body)
    url = _url(path, people, ids)
    body = _fill(body, ids)
    for bad_url in [url + QUERY, *_path_variants(path, people, ids)]:
        _assert_answered(client.open(bad_url, method=method), api, f"{method} {bad_url!r}")
    if method == "GET":
        return
    if api:
        names = sorted(set(body or {}) | set(_spec_fields(client, method, path)))
        for raw in JSON_VALUES:
            members = [f"{json.dumps(k)}: {raw}" for k in names] or [f'"x": {raw}']
            text = "{" + ", ".join(members) + "}"
            response = client.open(url, method=method, data=text, content_type="application/json")
            _assert_answered(response, api, f"{method} {url} {text[:80]!r}")
        return
    page = client.get(url)
    names = set(body or {}) | {"next", "id", "q", "seconds", "count", "title", "name"}
    if page.status_code == 200:
        names |= set(re.findall(r'name="([^"]+)"', page.get_data(as_text=True)))
    names.discard("csrf_token")
    for value in TEXT_VALUES:
        data = {**(body or {}), **dict.fromkeys(names, value)}
        response = client.open(url, method=method, data=data)
        _assert_answered(response, api, f"{method} {url} all fields={value!r}")
