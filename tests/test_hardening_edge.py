"""Input refused at the edge (issue 14): the reported reproductions, and a property-based
test over every marshmallow schema of the application through the API's real parser."""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

import peerlearn
from peerlearn.api.blueprint import StrictJsonParser
from peerlearn.api.schemas import DB_INT_MAX
from peerlearn.edge import DB_INT_MIN, UNSTORABLE
from tests.factories import make_live_module, make_user


def _envelope(response: Any, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


# --- the reproductions from the issue ---------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        '{"name": "a\\u0000b"}',
        '{"name": "\\ud800 lone"}',
        '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"name": ' + '{"a":' * 5_000 + "1" + "}" * 5_000 + "}",
        '{"name": NaN}',
    ],
    ids=["nul", "surrogate", "deep-arrays", "deep-objects", "nan"],
)
def test_unstorable_json_is_a_400_envelope(client, login_as, raw):
    login_as(make_user())
    response = client.post("/api/v1/tokens", data=raw, content_type="application/json")
    assert _envelope(response, 400)["fields"]["json"]


def test_a_body_over_4_mib_is_a_413_envelope(client, login_as):
    login_as(make_user())
    raw = '{"name": "' + "a" * (4 * 1024 * 1024) + '"}'
    response = client.post("/api/v1/tokens", data=raw, content_type="application/json")
    _envelope(response, 413)


def test_surrogate_in_profile_patch_is_refused(client, login_as):
    user = make_user(display_name="Before")
    login_as(user)
    raw = '{"display_name": "\\udfff"}'
    response = client.patch("/api/v1/me", data=raw, content_type="application/json")
    _envelope(response, 400)
    assert client.get("/api/v1/me").get_json()["display_name"] == "Before"


@pytest.mark.parametrize("ids", [[2147483648], [-2147483649], [10**30]])
def test_out_of_range_ids_in_a_body_are_a_422(client, login_as, ids):
    login_as(make_user())
    response = client.post("/api/v1/notifications/read", json={"ids": ids})
    assert response.status_code in (400, 422)
    _envelope(response, response.status_code)


@pytest.mark.parametrize("count", ["1", 1.5, True, 1.0])
def test_clap_count_must_be_a_json_integer(client, login_as, count):
    module = make_live_module()
    login_as(make_user())
    response = client.post(f"/api/v1/modules/{module.id}/claps", json={"count": count})
    assert "count" in _envelope(response, 422)["fields"]


def test_a_json_integer_clap_still_works(client, login_as):
    module = make_live_module()
    login_as(make_user())
    response = client.post(f"/api/v1/modules/{module.id}/claps", json={"count": 2})
    assert response.status_code == 200, response.get_json()


def test_huge_integers_in_the_query_string_are_a_422(client, login_as):
    login_as(make_user())
    response = client.get("/api/v1/notifications?page=1&per_page=99999999999999999999")
    _envelope(response, 422)


def test_nul_in_a_url_path_or_query_is_refused(client, login_as):
    login_as(make_user())
    assert client.get("/tags/a%00b").status_code == 400
    assert client.get("/modules?q=a%00b").status_code == 400
    _envelope(client.get("/api/v1/authoring/tags?q=a%00b"), 400)


def test_nul_in_the_web_token_form_is_refused(client, login_as):
    login_as(make_user())
    response = client.post("/account/tokens", data={"name": "a\x00b"})
    assert response.status_code == 400
    assert b"pl_" not in response.data


def test_crlf_in_next_after_sign_in_redirects_home(client):
    make_user(email="ann@example.com", password="correct horse battery")
    for target in ("/%0D%0ASet-Cookie:%20a%3Db", "/%5Cevil.example", "//evil.example"):
        response = client.post(
            f"/sign-in?next={target}",
            data={"email": "ann@example.com", "password": "correct horse battery"},
        )
        assert response.status_code == 302
        assert response.headers["Location"] == "/"
        assert "a=b" not in response.headers.getlist("Set-Cookie")
        client.post("/sign-out")


def test_a_local_next_still_works(client):
    make_user(email="ann@example.com", password="correct horse battery")
    response = client.post(
        "/sign-in?next=/account/profile",
        data={"email": "ann@example.com", "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/account/profile"


# --- every schema, through the API's parser ----------------------------------------------------


def _all_schemas() -> list[type[Schema]]:
    for info in pkgutil.walk_packages(peerlearn.__path__, "peerlearn."):
        importlib.import_module(info.name)
    found: list[type[Schema]] = []
    pending = [Schema]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("peerlearn."):
                found.append(sub)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


SCHEMAS = _all_schemas()

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["\x00", "\ud800", "1", "1.5", "2147483648", "2020-01-01", "true"])
)
_json = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


def _body(schema: Schema) -> st.SearchStrategy[dict[str, Any]]:
    names = [f.data_key or n for n, f in schema.load_fields.items()] or ["x"]
    return st.dictionaries(st.sampled_from(names), _json, max_size=len(names))


def _walk_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*_walk_strings(k), *_walk_strings(v)]]
    if isinstance(value, list | tuple | set):
        return [s for item in value for s in _walk_strings(item)]
    return []


@pytest.mark.parametrize("schema_class", SCHEMAS, ids=lambda c: c.__qualname__)
def test_every_schema_refuses_or_loads_storable_values(app, schema_class):
    """Whatever JSON arrives, the parser answers an HTTP error or loads values the database
    can hold: no NUL, no lone surrogate, integer fields within a database integer's range."""
    schema = schema_class()
    parser = StrictJsonParser()

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_body(schema))
    def check(body: dict[str, Any]) -> None:
        raw = json.dumps(body)
        with app.test_request_context(
            "/api/v1/x", method="POST", data=raw, content_type="application/json"
        ):
            try:
                loaded = parser.parse(schema, location="json")
            except HTTPException as exc:
                assert exc.code in (400, 422), exc
                return
        assert not any(UNSTORABLE.search(s) for s in _walk_strings(loaded))
        for name, field in schema.load_fields.items():
            if isinstance(field, fields.Integer) and isinstance(loaded.get(name), int):
                assert DB_INT_MIN <= loaded[name] <= DB_INT_MAX

    check()
