"""examples/analysis.ipynb runs from top to bottom without an error (and draws Chinese)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOK = EXAMPLES / "analysis.ipynb"


def execute(path: Path, kernel_dir: Path, timeout: int = 600) -> Any:
    """Run the notebook in a python3 kernel of THIS interpreter, from the notebook's folder."""
    spec = kernel_dir / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"}))
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=timeout,
        startup_timeout=120,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def outputs(nb: Any) -> list[Any]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


def test_notebook_runs_without_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))  # our python3 kernelspec comes first
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend, as a reader gets it
    nb = execute(NOTEBOOK, tmp_path)
    outs = outputs(nb)
    assert not [o for o in outs if o.output_type == "error"]
    streams = "".join(o.get("text", "") for o in outs if o.output_type == "stream")
    assert "missing from font" not in streams, streams  # Chinese drawn as boxes
    assert sum("image/png" in o.get("data", {}) for o in outs) >= 4  # the charts
    assert any("opsmatch-posting" in o.get("data", {}).get("text/html", "") for o in outs)  # the HTML display


def test_committed_notebook_has_its_outputs() -> None:
    """The notebook is committed executed, so it reads well where it cannot run (e.g. on GitHub)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code)
    assert any("image/png" in o.get("data", {}) for o in outputs(nb))
