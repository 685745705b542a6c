"""Where a batch keeps its plans, and how a re-run knows a plan is still current.

Each plan is written as ``DIR/<stem>.json`` (the scenario file's stem) beside a small sidecar
``DIR/<stem>.json.key``, both atomically, the plan first. The sidecar holds the plan's
*content key* and the SHA-256 of the plan file as written. The content key is the SHA-256 of
the canonical JSON of everything that decides the plan:

* the scenario's validated content (so reformatting a file or adding a comment changes
  nothing, while any change of a value does),
* the seed, the CP-SAT worker count, the time limit and the deterministic limit,
* the stridelift version (a new release may plan differently).

A re-run skips a scenario when its plan file and sidecar exist, the sidecar's key is the
scenario's key and the plan file is still the one written (a plan edited by hand is solved
again). The plan file itself stays a plain ``stridelift.plan/1`` plan, byte for byte the plan
a solo solve writes.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

from models import Plan, Scenario
from models.loading import write_text_atomic

KEY_SUFFIX = ".key"


def package_version() -> str:
    try:
        return metadata.version("stridelift")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_key(scenario: Scenario, *, seed: int, workers: int, time_limit: float | None,
                deterministic_limit: float | None = None) -> str:
    """The content key of a plan (see the module docstring)."""
    payload: dict[str, Any] = {
        "scenario": scenario.model_dump(mode="json", exclude_none=True),
        "seed": seed, "workers": workers, "time_limit": time_limit,
        "deterministic_limit": deterministic_limit, "stridelift": package_version()}
    return _digest(json.dumps(payload, sort_keys=True, separators=(",", ":")))


class PlanStore:
    """The plans of a batch in one directory, each with its key sidecar."""

    def __init__(self, directory: str | os.PathLike[str]):
        self.directory = Path(directory)

    def plan_path(self, stem: str) -> Path:
        return self.directory / f"{stem}.json"

    def key_path(self, stem: str) -> Path:
        return self.directory / f"{stem}.json{KEY_SUFFIX}"

    def is_current(self, stem: str, key: str) -> bool:
        """Whether the plan for ``stem`` was written for ``key`` and is unchanged since."""
        try:
            sidecar = json.loads(self.key_path(stem).read_text(encoding="utf-8"))
            plan_text = self.plan_path(stem).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return False
        return (isinstance(sidecar, dict) and sidecar.get("key") == key
                and sidecar.get("plan_sha256") == _digest(plan_text))

    def write(self, stem: str, plan: Plan, key: str) -> Path:
        """Write the plan, then its sidecar (both atomically); return the plan's path."""
        self.directory.mkdir(parents=True, exist_ok=True)
        text = plan.to_json()
        path = self.plan_path(stem)
        write_text_atomic(path, text)
        sidecar = {"key": key, "plan_sha256": _digest(text)}
        write_text_atomic(self.key_path(stem), json.dumps(sidecar, indent=2) + "\n")
        return path
