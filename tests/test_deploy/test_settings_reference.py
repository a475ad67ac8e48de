"""Every setting is documented where operators look: docs/deploy.md's table and .env.example, both
generated from `settings.Settings` (deploy/settings_reference.py) and kept current."""

from __future__ import annotations

import subprocess
import sys

from settings import Settings
from tests.conftest import ROOT


def test_every_setting_says_what_it_sets():
    assert [name for name, field in Settings.model_fields.items() if not field.description] == []


def test_every_setting_is_in_the_deployment_guide_and_the_example_environment():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        variable = name.upper()
        assert f"| `{variable}` |" in guide, variable
        assert f"# {variable}: {field.description}" in example, variable
        assert f"\n# {variable}=" in example, variable


def test_the_generated_reference_is_current():
    checked = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "settings_reference.py"), "--check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
