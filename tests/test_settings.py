"""The one settings object: flag > STORYFUSE_* environment > storyfuse.toml > default, with origins;
`storyfuse config` shows them; bad values are one-line errors; fitted parameters read through it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyfuse import settings
from storyfuse.link.event_model import linking_profile
from storyfuse.present.cli import cli
from storyfuse.settings import Settings, SettingsError, resolve


def test_defaults_when_nothing_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    chosen = resolve(environ={})
    assert chosen == Settings()
    assert chosen.store.db == "storyfuse.db" and chosen.link.profile == "default"
    assert chosen.run.workers is None and chosen.llm.timeout == 60.0
    assert {origin for _, _, origin in chosen.rows()} == {"default"}


def test_flag_beats_environment_beats_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("storyfuse.toml").write_text('[store]\ndb = "file.db"\n[link]\nprofile = "fast"\n[run]\nworkers = 3')
    environ = {"STORYFUSE_DB": "env.db", "STORYFUSE_WORKERS": "1"}
    chosen = resolve(flags={"store.db": "flag.db", "run.workers": None}, environ=environ)
    assert chosen.store.db == "flag.db" and chosen.origins["store.db"] == "flag"
    assert chosen.run.workers == 1 and chosen.origins["run.workers"] == "env STORYFUSE_WORKERS"
    assert chosen.link.profile == "fast" and chosen.origins["link.profile"] == "file storyfuse.toml"
    assert chosen.models.threads == 0 and "models.threads" not in chosen.origins


def test_storyfuse_config_names_another_file(tmp_path: Path) -> None:
    named = tmp_path / "team.toml"
    named.write_text('[llm]\nurl = "http://127.0.0.1:8080/v1"\ntimeout = 5\n')
    chosen = resolve(environ={"STORYFUSE_CONFIG": str(named)})
    assert chosen.llm.url == "http://127.0.0.1:8080/v1" and chosen.llm.timeout == 5.0
    with pytest.raises(SettingsError, match="no such settings file"):
        resolve(environ={"STORYFUSE_CONFIG": str(tmp_path / "missing.toml")})


@pytest.mark.parametrize(
    "environ, text, message",
    [
        ({"STORYFUSE_WORKERS": "many"}, "", "run.workers = 'many' (env STORYFUSE_WORKERS)"),
        ({"STORYFUSE_PROFILE": "quick"}, "", "use one of default, fast"),
        ({"STORYFUSE_LLM_TIMEOUT": "-1"}, "", "positive"),
        ({}, "[link]\nprofil = 'fast'\n", "unknown setting link.profil"),
        ({}, "[link\n", "not a readable TOML settings file"),
        ({}, "profile = 'fast'\n", "must be a [section]"),
    ],
)
def test_a_bad_setting_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if text:
        Path("storyfuse.toml").write_text(text)
    with pytest.raises(SettingsError) as raised:
        resolve(environ=environ)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_active_settings_follow_the_environment_until_activated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYFUSE_WORKERS", "2")
    assert settings.active().run.workers == 2
    monkeypatch.setenv("STORYFUSE_WORKERS", "0")
    assert settings.active().run.workers == 0
    with settings.activated(resolve(flags={"run.workers": 5})):
        assert settings.active().run.workers == 5
    assert settings.active().run.workers == 0


def test_fitted_parameters_come_from_the_params_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = settings.fitted_parameters("linking.json")
    refitted = json.loads(json.dumps(shipped))
    refitted["profiles"]["fast"]["join_probability"] = 0.123
    (tmp_path / "linking.json").write_text(json.dumps(refitted))
    monkeypatch.setenv("STORYFUSE_PARAMS", str(tmp_path))
    assert linking_profile("fast").join_probability == 0.123
    monkeypatch.delenv("STORYFUSE_PARAMS")
    assert linking_profile("fast").join_probability == shipped["profiles"]["fast"]["join_probability"]
    monkeypatch.setenv("STORYFUSE_PARAMS", str(tmp_path / "nowhere"))
    with pytest.raises(SettingsError, match="cannot be read"):
        settings.fitted_parameters("storylines.json")


def test_config_command_prints_values_and_origins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STORYFUSE_PROFILE", "fast")
    monkeypatch.setenv("STORYFUSE_LLM_KEY", "sk-fictional")
    Path("storyfuse.toml").write_text('[store]\ndb = "team.db"\n')
    result = CliRunner().invoke(cli, ["config", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["link.profile"] == {"value": "fast", "origin": "env STORYFUSE_PROFILE"}
    assert shown["store.db"] == {"value": "team.db", "origin": "file storyfuse.toml"}
    assert shown["llm.key"]["value"] == "***"  # a secret is never printed
    table = CliRunner().invoke(cli, ["config"]).output
    # the names are padded to the longest one's width
    assert re.search(r'^store\.db +"team\.db"  \(file storyfuse\.toml\)$', table, re.M)
    assert "sk-fictional" not in table


def test_the_store_setting_is_the_db_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STORYFUSE_DB", raising=False)
    Path("storyfuse.toml").write_text('[store]\ndb = "team.db"\n')
    report = " ".join(f"The fictional council of Arlen met and voted on item {n}." for n in range(12))
    result = CliRunner().invoke(cli, ["ingest", "--profile", "fast", "-"], input=report)
    assert result.exit_code == 0, result.output
    assert Path("team.db").exists() and not Path("storyfuse.db").exists()
