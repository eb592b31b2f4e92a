"""Validate a parsed description against its JSON Schema and report in the language's terms.

The schemas in generator/schema/ are the single definition of what keys exist
(editors use the same files through `# yaml-language-server: $schema=`).
jsonschema's own messages talk about JSON; here each error is turned into a
diagnostic at the offending key or value, using the schema's `x-expected`
texts and did-you-mean hints.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

import jsonschema

from generator.diagnostics import DiagnosticSink, did_you_mean, suggestion_hint
from generator.source import Document
from generator.units import _show

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema")
_NOTATION_CODES = {"size": "E014", "address": "E015", "interrupt": "E016"}


@lru_cache(maxsize=None)
def _load(name: str) -> dict:
    with open(os.path.join(SCHEMA_DIR, name), encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=None)
def _validator(kind: str):
    schema = _load(f"{kind}.schema.json")
    store = {}
    for name in ("definitions.schema.json", "board.schema.json", "partition.schema.json"):
        loaded = _load(name)
        store[loaded["$id"]] = loaded
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def schema_path(kind: str) -> str:
    return os.path.join(SCHEMA_DIR, f"{kind}.schema.json")


def check_schema(doc: Document, kind: str, sink: DiagnosticSink) -> bool:
    """Report every schema violation in doc; True when the model can still be built.

    Unknown keys are errors, but the rest of the file is fine: they are removed
    from doc.data so the semantic checks still run and a run reports every
    problem at once. Any other violation stops this file here."""
    before = len(sink.items)
    validator = _validator(kind)
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        _report(doc, kind, error, sink)
    new = sink.items[before:]
    if any(d.code != "E010" for d in new):
        return False
    if new:
        _drop_unknown_keys(validator, doc.data)
        # e.g. a misspelt required key: reported as unknown, but the file is still incomplete
        return not any(True for _ in validator.iter_errors(doc.data))
    return True


def _drop_unknown_keys(validator, data) -> None:
    for error in list(validator.iter_errors(data)):
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            mapping = data
            for key in error.absolute_path:  # error.instance may be a copy; edit the document itself
                mapping = mapping[key]
            allowed = error.schema.get("properties", {})
            for key in [k for k in mapping if k not in allowed]:
                del mapping[key]


def _subject(path: tuple) -> str:
    """How to name the value at path in a message: its key, or the list it is in."""
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], str):
            return f"'{path[i]}'" + (f" item {path[i + 1] + 1}" if i + 1 < len(path) else "")
    return "the file"


def _expected(error) -> tuple[str, str | None]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = schema.get("x-expected")
    notation = schema.get("x-notation")
    if expected is None and error.parent is not None:
        return _expected(error.parent)
    return expected or "a different value", notation


def _branch_that_fits(error):
    """For a failed oneOf, the single branch whose type fits the value, if any.

    `memory: {base: 0x6000_0000, size: 12Q}` fails both "size" and "region";
    the user clearly meant a region, so report what is wrong inside it."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return None
    by_branch: dict[int, list] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    # A branch fits when the value's own shape is right and only something inside it is wrong.
    fitting = [errors for errors in by_branch.values() if all(e.relative_path for e in errors)]
    if len(fitting) == 1:
        return fitting[0]
    return None


def _report(doc: Document, kind: str, error, sink: DiagnosticSink) -> None:
    inner = _branch_that_fits(error)
    if inner is not None:
        for sub in inner:
            _report(doc, kind, sub, sink)
        return
    path = tuple(error.absolute_path)
    what = "board" if kind == "board" else "partition"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for key in error.instance:
            if key in allowed:
                continue
            if not allowed:
                continue  # a mapping of names: additionalProperties held a sub-schema
            sink.error("E010", doc.where_key(path + (key,)),
                       f"unknown key '{key}'" + (f" in '{path[-1]}'" if path and isinstance(path[-1], str) else f" in {what}"),
                       hint=suggestion_hint(key, allowed, "allowed keys"))
        return
    if error.validator == "required" and isinstance(error.instance, dict):
        properties = error.schema.get("properties", {})
        unknown = [k for k in error.instance if k not in properties]
        for key in error.validator_value:
            if key in error.instance:
                continue
            if any(did_you_mean(k, [key]) for k in unknown):
                continue  # reported as a misspelt key, with this name as the suggestion
            description = properties.get(key, {}).get("description")
            where = f" in '{path[-1]}'" if path and isinstance(path[-1], str) else f" in {what}"
            sink.error("E011", doc.where(path), f"missing required key '{key}'{where}",
                       hint=description)
        return
    if error.validator == "propertyNames":
        name = error.instance
        sink.error("E017", doc.where_key(path + (name,)) if isinstance(name, str) else doc.where(path),
                   f"{_show(name)} is not a valid name",
                   hint="names use lowercase letters, digits, '-' and '_', start with a letter, at most 32 characters")
        return
    if error.validator == "enum":
        choices = [str(c) for c in error.validator_value]
        value = error.instance
        hint = None
        if isinstance(value, str):
            hint = suggestion_hint(value, choices, "choose one of")
        sink.error("E013", doc.where(path),
                   f"{_subject(path)}: {_show(value)} is not one of " + ", ".join(f"'{c}'" for c in choices),
                   hint=hint)
        return
    expected, notation = _expected(error)
    code = _NOTATION_CODES.get(notation or "", "E012")
    if error.validator == "pattern" and _expected_is_name(error):
        code = "E017"
    sink.error(code, doc.where(path), f"{_subject(path)}: expected {expected}, got {_show(error.instance)}")


def _expected_is_name(error) -> bool:
    return isinstance(error.schema, dict) and "lowercase letters" in error.schema.get("x-expected", "")
