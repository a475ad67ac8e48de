"""The engines import neither streamlit nor sqlmodel (they run in CLIs, workers and tests)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import sys
for blocked in ("streamlit", "sqlmodel", "sqlalchemy"):
    sys.modules[blocked] = None  # any import of it now raises ImportError
import pkgutil, importlib
for package in ("modules", "configurator", "pricing"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
print("ok")
"""


def test_engines_import_with_streamlit_and_sqlmodel_blocked():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
