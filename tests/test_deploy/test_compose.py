"""deploy/compose.yaml, parsed (no container daemon needed): migrations run once, before every app
process, which never migrates; the replicas; a health check on every long-running service, on the
port its command serves; the upstreams nginx names are these services; every app process shares
one database and its settings are real ones."""

from __future__ import annotations

import re

import pytest
import yaml

from settings import Settings
from tests.conftest import ROOT

COMPOSE = ROOT / "deploy" / "compose.yaml"
NGINX = ROOT / "deploy" / "nginx.conf"
NOT_SETTINGS = {"FORWARDED_ALLOW_IPS", "HEALTH_PORT"}  # uvicorn's, and the image's health check


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def app_services(compose: dict) -> dict[str, dict]:
    """The services that run this project's image (built from deploy/Dockerfile)."""
    return {
        name: s
        for name, s in compose["services"].items()
        if s.get("build", {}).get("dockerfile") == "deploy/Dockerfile"
    }


def command(service: dict) -> str:
    return " ".join(service.get("command", []))


def replicas(service: dict) -> int:
    return int(service.get("deploy", {}).get("replicas", 1))


def test_migrations_run_once_before_every_app_process_and_only_there(compose):
    apps = app_services(compose)
    migrating = [name for name, s in apps.items() if re.search(r"-m store (migrate|init)\b", command(s))]
    assert migrating == ["migrate"]
    job = apps.pop("migrate")
    assert replicas(job) == 1 and job["restart"] == "no"  # a one-shot job, never restarted
    assert job["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert set(apps) == {"shop", "api", "worker"}
    for name, service in apps.items():
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
        assert service["depends_on"]["postgres"] == {"condition": "service_healthy"}, name


def test_the_replicas(compose):
    services = compose["services"]
    assert {name: replicas(s) for name, s in services.items()} == {
        "postgres": 1,
        "migrate": 1,
        "shop": 2,
        "api": 2,
        "worker": 1,
        "nginx": 1,
    }
    assert command(services["api"]) == "python -m api --host 0.0.0.0 --port 8000"
    assert command(services["shop"]).startswith("python -m ui.server ")
    assert command(services["worker"]).startswith("python -m store worker ")


def test_only_nginx_is_reachable_from_outside(compose):
    published = {name for name, s in compose["services"].items() if s.get("ports")}
    assert published == {"nginx"}
    assert compose["services"]["nginx"]["volumes"] == ["./nginx.conf:/etc/nginx/nginx.conf:ro"]


def test_every_long_running_service_has_a_health_check_on_what_it_serves(compose):
    services = compose["services"]
    for name, service in services.items():
        if name == "migrate":
            assert service["healthcheck"] == {"disable": True}
            continue
        assert service["healthcheck"]["test"], name
    for name in ("shop", "api"):
        port = re.search(r"(?:--server\.port=|--port )(\d+)", command(services[name])).group(1)
        assert f"127.0.0.1:{port}/readyz" in " ".join(services[name]["healthcheck"]["test"]), name
        assert [str(p) for p in services[name]["expose"]] == [port]
    heartbeat = re.search(r"--heartbeat (\S+)", command(services["worker"])).group(1)
    assert heartbeat in " ".join(services["worker"]["healthcheck"]["test"])
    assert services["nginx"]["depends_on"] == {
        "shop": {"condition": "service_healthy"},
        "api": {"condition": "service_healthy"},
    }


def test_postgres_keeps_its_data_in_a_named_volume(compose):
    postgres = compose["services"]["postgres"]
    [mount] = [v for v in postgres["volumes"] if v.endswith(":/var/lib/postgresql/data")]
    assert mount.split(":")[0] in compose["volumes"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


def test_nginx_upstreams_are_the_services_on_the_ports_they_serve(compose):
    servers = re.findall(r"^\s*server (\w+):(\d+)\b", NGINX.read_text(encoding="utf-8"), re.MULTILINE)
    assert {host for host, _ in servers} == {"shop", "api"}
    for host, port in servers:
        assert [str(p) for p in compose["services"][host]["expose"]] == [port]


def test_every_app_process_uses_one_database_and_real_settings(compose):
    apps = app_services(compose)
    urls = {s["environment"]["DATABASE_URL"] for s in apps.values()}
    assert len(urls) == 1 and "@postgres:5432/" in urls.pop()
    for name, service in apps.items():
        for key in service["environment"]:
            if key in NOT_SETTINGS or key.startswith("STREAMLIT_"):
                continue
            assert key.lower() in Settings.model_fields, f"{name}: {key} is not a setting"
        for key in ("PAYMENT_LEDGER", "OUTBOX_DIR"):  # on the volume every app process mounts
            assert any(service["environment"][key].startswith(v.split(":")[1]) for v in service["volumes"]), key
