"""docs/language.md, the JSON Schemas and the generator agree.

Every key the schemas define is documented, and the complete examples in the
document are accepted by the generator's own schema check.
"""

import json
import os
import re

import yaml

from conftest import TOP

from generator.diagnostics import DiagnosticSink
from generator.schema_check import check_schema
from generator.source import Document

DOC = open(os.path.join(TOP, "docs", "language.md"), encoding="utf-8").read()


def _schema(kind: str) -> dict:
    with open(os.path.join(TOP, "generator", "schema", f"{kind}.schema.json"), encoding="utf-8") as f:
        return json.load(f)


def _keys(schema: dict, defs: dict) -> set[str]:
    """Every property name reachable in a schema (following local $refs)."""
    keys, stack = set(), [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                stack.append(defs[ref.split("/")[-1]])
            keys.update(node.get("properties", {}))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return keys


def test_every_schema_key_is_documented():
    for kind in ("board", "partition"):
        schema = _schema(kind)
        for key in _keys(schema, schema.get("$defs", {})):
            assert f"{key}:" in DOC or f"`{key}`" in DOC or f".{key}`" in DOC, \
                f"{kind} key '{key}' is not documented in docs/language.md"


def test_document_examples_are_valid():
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
    checked = 0
    for block in blocks:
        match = re.search(r"\$schema=\.\./generator/schema/(\w+)\.schema\.json", block)
        if not match:
            continue
        data = yaml.safe_load(block)
        if data is None:
            continue  # only the modeline
        doc = Document("docs/language.md", data)
        sink = DiagnosticSink()
        assert check_schema(doc, match.group(1), sink) and not sink.items, [d.render() for d in sink.items]
        checked += 1
    assert checked >= 2


def test_every_shipped_description_names_its_schema():
    """Editors find the schema through the modeline; it must point at the real file."""
    import glob

    shipped = glob.glob(os.path.join(TOP, "boards", "*.yaml")) + glob.glob(os.path.join(TOP, "partitions", "*.yaml"))
    shipped += glob.glob(os.path.join(TOP, "tests", "qemu", "systems", "*", "*.yaml"))
    shipped += glob.glob(os.path.join(TOP, "benchmarks", "systems", "*", "*.yaml"))
    assert len(shipped) > 10
    for path in shipped:
        with open(path, encoding="utf-8") as f:
            first = f.readline()
        match = re.match(r"# yaml-language-server: \$schema=(\S+)$", first.strip())
        assert match, f"{path} does not start with a yaml-language-server modeline"
        kind = "board" if "/boards/" in path else "partition"
        target = os.path.normpath(os.path.join(os.path.dirname(path), match.group(1)))
        assert target == os.path.join(TOP, "generator", "schema", f"{kind}.schema.json"), path
