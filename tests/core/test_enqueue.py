"""Domain code enqueues tasks by name (helix.core.enqueue) and never imports a tasks module."""

import ast
import re
from pathlib import Path

import pytest
from django.tasks import Task

from helix.core.enqueue import enqueue_on_commit, task_named

HELIX = Path(__file__).resolve().parents[2] / "helix"
ENQUEUED = re.compile(r"""enqueue(?:_on_commit)?\(\s*["'](helix\.[\w.]+)["']""")


def _sources():
    for path in HELIX.rglob("*.py"):
        if "migrations" not in path.parts:
            yield path, path.read_text()


def test_every_enqueued_name_is_a_task():
    names = {name for _path, text in _sources() for name in ENQUEUED.findall(text)}
    assert "helix.events.tasks.run_certificate_batch" in names  # the scan finds the calls
    for name in sorted(names):
        assert isinstance(task_named(name), Task), name


def _imports_tasks(node) -> bool:
    """An import of one of Helix's tasks modules (relative, or absolute under helix.)."""
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        ours = node.level > 0 or module.startswith("helix.")
        return ours and (module == "tasks" or module.endswith(".tasks") or "tasks" in [a.name for a in node.names])
    if isinstance(node, ast.Import):
        return any(a.name.startswith("helix.") and a.name.endswith(".tasks") for a in node.names)
    return False


def test_only_tasks_modules_import_tasks():
    offenders = [
        f"{path.relative_to(HELIX)}:{node.lineno}"
        for path, text in _sources()
        # tasks modules and management commands (entry points nobody imports) may import tasks
        if path.name != "tasks.py" and "commands" not in path.parts
        for node in ast.walk(ast.parse(text))
        if _imports_tasks(node)
    ]
    assert offenders == []


def test_a_name_that_is_not_a_task_is_refused():
    with pytest.raises(TypeError):
        task_named("helix.core.enqueue.enqueue")


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    from tests.factories import EventFactory
    from tests.factories.events_extra import RegistrationFactory

    registration = RegistrationFactory(event=EventFactory(), status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(
            "helix.core.mail.deliver",
            "helix.events.emails.registration_email",
            {"registration_id": registration.pk, "kind": "confirmed"},
        )
        assert mailoutbox == []
    assert [m.to for m in mailoutbox] == [[registration.email]]
