"""Helpers for migrations that move models between apps without touching their rows.

A moved model keeps its rows; these keep what points at it by name: content types (and so
staff permissions and admin history) and task rows that name a task by its module path.
"""

from collections.abc import Callable
from typing import Any

Migrate = Callable[[Any, Any], None]


def content_types_mover(old_app: str, new_app: str, models: list[str]) -> tuple[Migrate, Migrate]:
    """RunPython functions (forwards, backwards) that relabel the models' content types."""

    def relabel(apps: Any, source: str, target: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if content_type.objects.filter(app_label=target, model=model).exists():
                continue  # already there (a database that was migrated before)
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    def forwards(apps: Any, schema_editor: Any) -> None:
        relabel(apps, old_app, new_app)

    def backwards(apps: Any, schema_editor: Any) -> None:
        relabel(apps, new_app, old_app)

    return forwards, backwards


def task_paths_mover(paths: dict[str, str]) -> tuple[Migrate, Migrate]:
    """RunPython functions that point queued task rows at the tasks' new module paths."""

    def rename(apps: Any, mapping: dict[str, str]) -> None:
        result = apps.get_model("django_tasks_database", "DBTaskResult")
        for old, new in mapping.items():
            result.objects.filter(task_path=old).update(task_path=new)

    def forwards(apps: Any, schema_editor: Any) -> None:
        rename(apps, paths)

    def backwards(apps: Any, schema_editor: Any) -> None:
        rename(apps, {new: old for old, new in paths.items()})

    return forwards, backwards
