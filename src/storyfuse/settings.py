"""The one settings object: what a deployment may choose, resolved once, with where each value came from.

A value comes from the first of: a command-line flag, a `STORYFUSE_*` environment variable, the
`storyfuse.toml` file (`STORYFUSE_CONFIG` names another), the default. The CLI resolves the settings
once per command and makes them active (`activate`); library callers that pass nothing get the
settings the environment and file describe (`active`). Fitted parameters (linking, storylines,
translations) are data files written by their fitting scripts and read through `fitted_parameters`,
from the package or from `[params] dir` when a deployment refits them.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storyfuse.errors import StoryfuseError

CONFIG_FILE = "storyfuse.toml"
CONFIG_ENV = "STORYFUSE_CONFIG"
PROFILES = ("default", "fast")


class SettingsError(StoryfuseError):
    """A setting has a value storyfuse cannot use (its message names the setting and where it came from)."""


@dataclass(frozen=True)
class StoreSettings:
    db: str = "storyfuse.db"  # a SQLite file


@dataclass(frozen=True)
class LinkSettings:
    profile: str = "default"  # a fitted linking profile: default (e5 leads) or fast (static vectors)


@dataclass(frozen=True)
class RunSettings:
    workers: int | None = None  # worker processes for a large run; None: one per core, 0: none
    # prepared articles reach the linker by publication day, then input order, through a window of this
    # many (bounded memory: an article more than this many places late is linked late); 0: input order
    order_window: int = 1024
    # the share of one GPU each Ray actor running the transformer passes asks for, when the cluster has
    # GPUs (none asked on a cluster without); 0: never
    gpu_share: float = 0.25


@dataclass(frozen=True)
class ModelSettings:
    threads: int = 0  # ONNX threads per process for the transformer encoders; 0: the encoder's choice


@dataclass(frozen=True)
class LLMSettings:
    url: str = ""  # an OpenAI-compatible /v1 endpoint for the abstractive summary; empty: off
    model: str = "local"  # llama.cpp's server answers whatever model name it is given
    key: str = ""
    timeout: float = 60.0  # seconds; a small local model on a laptop CPU is slow


@dataclass(frozen=True)
class ParamsSettings:
    dir: str = ""  # a directory of refitted parameter files; empty: those shipped in the package


@dataclass(frozen=True)
class Settings:
    store: StoreSettings = StoreSettings()
    link: LinkSettings = LinkSettings()
    run: RunSettings = RunSettings()
    models: ModelSettings = ModelSettings()
    llm: LLMSettings = LLMSettings()
    params: ParamsSettings = ParamsSettings()
    # "section.name" -> where the value came from: "default", "flag", "env NAME" or "file PATH".
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)

    def rows(self) -> list[tuple[str, Any, str]]:
        """(section.name, value, origin) for every setting, in declaration order."""
        out: list[tuple[str, Any, str]] = []
        for section in fields(self):
            if section.name == "origins":
                continue
            values = getattr(self, section.name)
            for item in fields(values):
                key = f"{section.name}.{item.name}"
                out.append((key, getattr(values, item.name), self.origins.get(key, "default")))
        return out


def _whole(text: str) -> int:
    if not text.isdigit():
        raise ValueError("use a whole number, 0 or more")
    return int(text)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not value > 0:
        raise ValueError("it must be positive")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not 0 <= value <= 1:
        raise ValueError("use a share of one GPU, from 0 to 1")
    return value


def _profile(text: str) -> str:
    if text not in PROFILES:
        raise ValueError(f"use one of {', '.join(PROFILES)}")
    return text


# The environment variable of each setting, and how its text is read (also for file and flag values).
ENV_NAMES: dict[str, str] = {
    "store.db": "STORYFUSE_DB",
    "link.profile": "STORYFUSE_PROFILE",
    "run.workers": "STORYFUSE_WORKERS",
    "run.order_window": "STORYFUSE_ORDER_WINDOW",
    "run.gpu_share": "STORYFUSE_GPU_SHARE",
    "models.threads": "STORYFUSE_THREADS",
    "llm.url": "STORYFUSE_LLM_URL",
    "llm.model": "STORYFUSE_LLM_MODEL",
    "llm.key": "STORYFUSE_LLM_KEY",
    "llm.timeout": "STORYFUSE_LLM_TIMEOUT",
    "params.dir": "STORYFUSE_PARAMS",
}
_READERS: dict[str, Callable[[str], Any]] = {
    "link.profile": _profile,
    "run.workers": _whole,
    "run.order_window": _whole,
    "run.gpu_share": _share,
    "models.threads": _whole,
    "llm.timeout": _positive,
}


def _read(key: str, raw: Any, origin: str) -> Any:
    text = str(raw).strip()
    try:
        return _READERS.get(key, str)(text)
    except ValueError as error:
        raise SettingsError(f"{key} = {text!r} ({origin}) is not a usable value: {error}") from None


def config_path(environ: Mapping[str, str]) -> Path | None:
    """The settings file in use: $STORYFUSE_CONFIG (which must exist), else ./storyfuse.toml if any."""
    named = environ.get(CONFIG_ENV, "").strip()
    if named:
        path = Path(named)
        if not path.is_file():
            raise SettingsError(f"{CONFIG_ENV}={named}: no such settings file")
        return path
    local = Path(CONFIG_FILE)
    return local if local.is_file() else None


def _file_values(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: not a readable TOML settings file ({error})") from None
    values: dict[str, Any] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: {section} must be a [section], e.g. [store] db = \"news.db\"")
        for name, value in table.items():
            key = f"{section}.{name}"
            if key not in ENV_NAMES:
                raise SettingsError(f"{path}: unknown setting {key} (known: {', '.join(ENV_NAMES)})")
            values[key] = value
    return values


def resolve(
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The settings from flags ("section.name" -> value; None means not given), the environment and
    the settings file, over the defaults."""
    env = os.environ if environ is None else environ
    path = config_path(env)
    from_file = _file_values(path) if path else {}
    chosen: dict[str, tuple[Any, str]] = {}
    for key, env_name in ENV_NAMES.items():
        if flags and flags.get(key) is not None:
            chosen[key] = (_read(key, flags[key], "flag"), "flag")
        elif env.get(env_name, "").strip():
            origin = f"env {env_name}"
            chosen[key] = (_read(key, env[env_name], origin), origin)
        elif key in from_file:
            origin = f"file {path}"
            chosen[key] = (_read(key, from_file[key], origin), origin)
    settings = Settings()
    by_section: dict[str, dict[str, Any]] = {}
    for key, (value, _) in chosen.items():
        section, name = key.split(".")
        by_section.setdefault(section, {})[name] = value
    for section, values in by_section.items():
        settings = replace(settings, **{section: replace(getattr(settings, section), **values)})
    return replace(settings, origins={key: origin for key, (_, origin) in chosen.items()})


_activated: list[Settings] = []


def activate(settings: Settings) -> None:
    """Make these the settings every library call without explicit options uses (the CLI does this once)."""
    _activated[:] = [settings]


@contextmanager
def activated(settings: Settings) -> Iterator[Settings]:
    """These settings active for the block (one CLI command), the ones before afterwards."""
    before = list(_activated)
    activate(settings)
    try:
        yield settings
    finally:
        _activated[:] = before


def active() -> Settings:
    """The activated settings, else those the environment and settings file describe now."""
    if _activated:
        return _activated[0]
    env = {name: os.environ.get(name, "") for name in (*ENV_NAMES.values(), CONFIG_ENV)}
    path = config_path(env)
    stamp = path.stat().st_mtime_ns if path else 0
    return _resolved(tuple(sorted(env.items())), str(path or ""), stamp)


@lru_cache(maxsize=8)
def _resolved(environ: tuple[tuple[str, str], ...], path: str, stamp: int) -> Settings:
    del path, stamp  # part of the cache key only: a changed file is read again
    return resolve(environ=dict(environ))


def fitted_parameters(name: str) -> dict[str, Any]:
    """The parameter file `name` (e.g. "linking.json"), from `[params] dir` when set, else the package's."""
    return _fitted(name, active().params.dir)


@lru_cache(maxsize=16)
def _fitted(name: str, directory: str) -> dict[str, Any]:
    where = f"{directory}/{name}" if directory else f"storyfuse/data/params/{name}"
    try:
        if directory:
            text = Path(directory, name).read_text(encoding="utf-8")
        else:
            text = resources.files("storyfuse").joinpath(f"data/params/{name}").read_text("utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SettingsError(
            f"fitted parameters {where} cannot be read ({error}); its bench/fit_* script writes it"
        ) from None
    if not isinstance(data, dict):
        raise SettingsError(f"fitted parameters {where} is not a JSON object")
    return data
