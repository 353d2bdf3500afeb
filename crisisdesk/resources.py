"""Finds the shipped ``resources/`` folder and the user's override folder."""

from __future__ import annotations

from pathlib import Path

from crisisdesk import paths

# Both in the source tree and in an installed wheel, resources/ sits beside crisisdesk/.
_SHIPPED = Path(__file__).resolve().parent.parent / "resources"


class ResourcesMissing(RuntimeError):
    pass


def shipped_dir() -> Path:
    if not _SHIPPED.is_dir():
        raise ResourcesMissing(
            f"the resources folder is missing (looked in {_SHIPPED}); reinstall crisisdesk"
        )
    return _SHIPPED


def user_dir() -> Path:
    return paths.config_dir()


def resource(*parts: str) -> Path:
    """A shipped resource file; a user's file of the same relative name takes precedence."""
    override = user_dir().joinpath(*parts)
    if override.is_file():
        return override
    found = shipped_dir().joinpath(*parts)
    if not found.exists():
        raise ResourcesMissing(f"resource {'/'.join(parts)} is missing from {shipped_dir()}")
    return found
