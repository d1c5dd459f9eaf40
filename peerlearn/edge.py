"""Input refused at the edge: what Python or the database cannot hold never reaches a view.

One ``before_request`` hook (:func:`refuse_unstorable_input`) and one request class
(:class:`PeerLearnRequest`) answer 400 — the JSON envelope under /api/, the error page
elsewhere — for:

- NUL characters and lone UTF-16 surrogates in the path, the query string, form fields and
  JSON strings (PostgreSQL refuses NUL in text; a lone surrogate cannot be encoded as UTF-8);
- JSON nested deeper than :data:`MAX_JSON_DEPTH` (Python's parser would raise
  ``RecursionError`` on very deep input; shallower but silly depth is refused too);
- ``NaN``/``Infinity`` (and numbers so large they parse as infinity), which are not JSON
  and which PostgreSQL's ``jsonb`` refuses.

Integer *fields* are stricter, and schema-guided: :func:`integer_errors` (run by the API's
argument parser before each schema loads) wants a JSON integer — not ``"1"``, ``1.5`` or
``true`` — within the range of a database ``integer`` column. Query-string and form
integers read with ``request.args.get(name, type=int)`` are bounded the same way by
:class:`BoundedParameters` (out of range reads as missing).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Request, request
from marshmallow import Schema, fields
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

from peerlearn.api.schemas import DB_INT_MAX

MAX_JSON_DEPTH = 32
"""Deepest JSON nesting accepted (our deepest schema — quiz answers — needs 4)."""

DB_INT_MIN = -(2**31)
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_INTEGER_TEXT = re.compile(r"\s*[+-]?\d+\s*")
_JSON_CACHE = "_peerlearn_json"


class UnstorableInput(BadRequest):
    """A 400 whose ``data["messages"]`` the error handler shows as the envelope's fields."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(description=message)
        self.data = {"messages": {location: [message]}}


def unstorable_reason(text: str) -> str | None:
    """Why ``text`` cannot be stored, or ``None`` when it can."""
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "Text may not contain NUL (\\u0000) characters."
    return "Text may not contain lone UTF-16 surrogates (\\ud800-\\udfff)."


def _check_text(location: str, values: Iterable[str]) -> None:
    for value in values:
        reason = unstorable_reason(value) if isinstance(value, str) else None
        if reason:
            raise UnstorableInput(location, reason)


def check_json_value(value: Any, location: str = "json") -> None:
    """Refuse deep nesting, unstorable strings and non-finite numbers.

    Iterative, so it is safe on whatever depth the parser let through.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise UnstorableInput(location, f"JSON may nest at most {MAX_JSON_DEPTH} deep.")
            if isinstance(item, dict):
                _check_text(location, item.keys())
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            _check_text(location, (item,))
        elif isinstance(item, float) and not math.isfinite(item):
            raise UnstorableInput(location, "NaN and Infinity are not JSON numbers.")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json_body(data: bytes | str) -> Any:
    """Parse a request body as JSON, refusing (400) what :func:`check_json_value` refuses.

    Very deep input makes Python's parser raise ``RecursionError``: that is a 400 too.
    """
    try:
        value = json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:
        raise UnstorableInput("json", f"JSON may nest at most {MAX_JSON_DEPTH} deep.") from None
    except (ValueError, UnicodeDecodeError):  # JSONDecodeError is a ValueError
        raise UnstorableInput("json", "The request body is not valid JSON.") from None
    check_json_value(value)
    return value


class PeerLearnRequest(Request):
    """Flask's request, with bounded integer parameters and a guarded JSON parser."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        if not (force or self.is_json):
            return super().get_json(force=force, silent=silent, cache=cache)
        if cache and _JSON_CACHE in self.__dict__:
            return self.__dict__[_JSON_CACHE]
        data = self.get_data(cache=cache)
        if not data:
            return super().get_json(force=force, silent=silent, cache=cache)
        try:
            value = parse_json_body(data)
        except UnstorableInput:
            if silent:
                return None
            raise
        if cache:
            self.__dict__[_JSON_CACHE] = value
        return value


def bounded_int(text: str) -> int:
    """``int(text)`` within a database integer column's range (``ValueError`` otherwise)."""
    value = int(text)
    if not DB_INT_MIN <= value <= DB_INT_MAX:
        raise ValueError(f"{value} is out of range")
    return value


def finite_float(text: str) -> float:
    """``float(text)``, refusing ``nan`` and ``inf`` (``ValueError``)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


class BoundedParameters(ImmutableMultiDict):
    """``request.args`` and ``request.form``: ``get(name, type=int)`` answers the default for
    integers a database column cannot hold, as for any other value that does not convert;
    ``type=float`` refuses ``nan`` and ``inf`` the same way."""

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:
        if type is int:
            type = bounded_int
        elif type is float:
            type = finite_float
        return super().get(key, default=default, type=type)


PeerLearnRequest.parameter_storage_class = BoundedParameters


def refuse_unstorable_input() -> None:
    """Before every request: refuse unstorable text in the path, query, form and JSON body."""
    _check_text("path", (v for v in (request.view_args or {}).values() if isinstance(v, str)))
    _check_text("path", (request.path,))
    _check_text("query", _keys_and_values(request.args))
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        _check_text("form", _keys_and_values(request.form))
    if request.is_json and request.get_data(cache=True):
        request.get_json()


def _keys_and_values(multidict: Any) -> Iterable[str]:
    for key, values in multidict.lists():
        yield key
        yield from values


# --- schema-guided integers (the API's argument parser calls this) ------------------------


def _integer_error(value: Any, strict: bool) -> str | None:
    if value is None:
        return None  # allow_none or required: the schema says
    if strict:
        if type(value) is not int:
            return "Not a valid integer: send a JSON number without a fraction."
    elif isinstance(value, str) and _INTEGER_TEXT.fullmatch(value):
        value = int(value)
    else:
        return None  # not an integer literal: the schema's own message applies
    if not DB_INT_MIN <= value <= DB_INT_MAX:
        return f"Must lie between {DB_INT_MIN} and {DB_INT_MAX}."
    return None


def _field_errors(field: fields.Field, value: Any, strict: bool) -> Any:
    if isinstance(field, fields.Integer):
        return _integer_error(value, strict)
    if isinstance(field, fields.List):
        items = value if isinstance(value, list) else [value]
        found = {
            index: error
            for index, item in enumerate(items)
            if (error := _field_errors(field.inner, item, strict))
        }
        return found or None
    if isinstance(field, fields.Nested) and isinstance(field.schema, Schema):
        if field.many and isinstance(value, list):
            found = {
                index: error
                for index, item in enumerate(value)
                if isinstance(item, Mapping)
                and (error := integer_errors(field.schema, item, strict))
            }
            return found or None
        if isinstance(value, Mapping):
            return integer_errors(field.schema, value, strict) or None
    return None


def integer_errors(schema: Schema, data: Any, strict: bool = True) -> dict[str, Any]:
    """Field → message for each integer field of ``schema`` whose value in ``data`` is not a
    JSON integer (when ``strict``) or lies outside a database integer column's range."""
    if not isinstance(data, Mapping):
        return {}
    errors: dict[str, Any] = {}
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        if key not in data:
            continue
        value = data.getlist(key) if hasattr(data, "getlist") and _is_list(field) else data[key]
        error = _field_errors(field, value, strict)
        if error:
            errors[key] = [error] if isinstance(error, str) else error
    return errors


def _is_list(field: fields.Field) -> bool:
    return isinstance(field, fields.List)
