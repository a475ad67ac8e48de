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


def test_the_upload_limit_admits_every_file_a_service_accepts_and_no_more_than_needed():
    """`server.maxUploadSize` (MB per file) holds the largest file any service takes (a picture, a
    catalog, its tables) and stays far below the framework's 200 MB, which would let a hostile
    upload fill the server's memory."""
    import tomllib

    from modules.loader import MAX_CSV_BYTES, MAX_FILE_BYTES
    from store.artwork_files import MAX_BYTES

    with (ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        limit_mb = tomllib.load(handle)["server"]["maxUploadSize"]
    assert max(MAX_BYTES, MAX_CSV_BYTES, MAX_FILE_BYTES) <= limit_mb * 1024 * 1024
    assert limit_mb <= 10
