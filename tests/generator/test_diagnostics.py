"""One negative fixture per diagnostic: exact text, code and file:line:col.

Each directory in fixtures/ named <CODE>-<what> holds partition files (and
maybe a board.yaml), an optional `command` (generator arguments; default:
check the partitions against qemu-arm64), and `expected`: the exact stderr.
Set CELLFORGE_UPDATE_EXPECTED=1 to rewrite `expected` files, then review the diff.
"""

from __future__ import annotations

import os

import pytest

from conftest import FIXTURES, TOP, run_generator

from generator.diagnostics import CATALOGUE

DEFAULT_COMMAND = "check --board qemu-arm64 --partitions partitions"
CASES = sorted(d for d in os.listdir(FIXTURES) if os.path.isdir(os.path.join(FIXTURES, d)))


def _command(case_dir: str, tmp_path, guest_dir_value: str | None) -> list[str]:
    path = os.path.join(case_dir, "command")
    text = DEFAULT_COMMAND
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read().strip()
    if "{guest_dir}" in text and guest_dir_value is None:
        pytest.skip("needs the built guests (CELLFORGE_GUEST_DIR)")
    return text.format(guest_dir=guest_dir_value, out_dir=str(tmp_path / "out")).split()


@pytest.mark.parametrize("case", CASES)
def test_fixture(case, tmp_path, request):
    case_dir = os.path.join(FIXTURES, case)
    guest = os.environ.get("CELLFORGE_GUEST_DIR")
    result = run_generator(_command(case_dir, tmp_path, guest), cwd=case_dir)
    # Paths outside the fixture differ between checkouts and runs: name them.
    stderr = result.stderr.replace(str(tmp_path / "out"), "<out>").replace(TOP, "<top>")
    expected_path = os.path.join(case_dir, "expected")
    if os.environ.get("CELLFORGE_UPDATE_EXPECTED"):
        with open(expected_path, "w", encoding="utf-8") as f:
            f.write(stderr)
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read()
    assert "Traceback" not in stderr
    assert stderr == expected
    code = case.split("-")[0]
    assert f"[{code}]" in result.stderr, f"fixture {case} does not produce {code}"
    assert result.returncode == (1 if code.startswith("E") else 0)


def test_every_diagnostic_has_a_fixture():
    covered = {case.split("-")[0] for case in CASES}
    missing = sorted(set(CATALOGUE) - covered)
    assert not missing, f"diagnostics without a negative fixture: {missing}"


def test_every_diagnostic_is_explained():
    from generator.diagnostics import EXPLANATIONS
    assert set(EXPLANATIONS) == set(CATALOGUE)


def test_docs_diagnostics_page_is_current():
    import subprocess
    import sys
    page = subprocess.run([sys.executable, os.path.join(TOP, "tools", "diagnostics_doc.py")],
                          capture_output=True, text=True, check=True).stdout
    with open(os.path.join(TOP, "docs", "diagnostics.md"), encoding="utf-8") as f:
        assert f.read() == page, "docs/diagnostics.md is stale: run tools/diagnostics_doc.py > docs/diagnostics.md"
