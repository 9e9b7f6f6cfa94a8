"""Whole-platform backup and restore: the database as Django's portable JSON plus the uploaded files.

An archive (``.tar.gz``) holds ``manifest.json`` (format, date, database engine, record counts per
model), ``data.json`` (``dumpdata`` with natural foreign keys, so it loads into SQLite or PostgreSQL
alike) and ``media/`` (every file under ``MEDIA_ROOT``). The dump reads one consistent snapshot
(REPEATABLE READ on PostgreSQL; SQLite's transaction), so a backup taken while Helix runs is whole.

Restoring needs an empty database (migrated or not, with no accounts): it migrates, empties the
tables the migrations seeded, loads the dump in one transaction (primary keys kept, PostgreSQL
sequences reset by ``loaddata``), copies the files back and checks every model's count against the
manifest. Sessions and failed sign-in records are left out: they are transient.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

FORMAT = "helix-backup/1"
DUMP_FORMAT = "helixjson"  # fixture JSON with exact timestamps (helix.core.backup_json)
EXCLUDED = ("sessions", "axes")  # transient: sessions and failed sign-ins


class BackupError(Exception):
    """The archive cannot be restored here; the message says why."""


@dataclass
class BackupSummary:
    path: Path
    counts: dict[str, int]
    files: int


def backed_up_models():
    """Every concrete model whose rows the archive holds, in a stable order."""
    for model in apps.get_models():
        if model._meta.app_label in EXCLUDED or model._meta.proxy or not model._meta.managed:
            continue
        yield model


def model_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {m._meta.label: m._base_manager.using(using).count() for m in backed_up_models()}


def _snapshot(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def create_backup(path: str | Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the archive at ``path`` (replaced if it exists) and return what it holds."""
    path = Path(path)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data.json"
        with transaction.atomic(using=using):
            _snapshot(using)
            counts = model_counts(using)
            serializers.register_serializer(DUMP_FORMAT, "helix.core.backup_json")
            call_command(
                "dumpdata",
                *[m._meta.label for m in backed_up_models()],
                format=DUMP_FORMAT,
                natural_foreign=True,
                database=using,
                output=str(data),
                verbosity=0,
            )
        files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connections[using].vendor,
            "counts": counts,
            "files": len(files),
        }
        tmp = path.with_name(path.name + ".partial")
        with tarfile.open(tmp, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(data, arcname="data.json")
            for file in files:
                archive.add(file, arcname=f"media/{file.relative_to(media_root).as_posix()}")
        tmp.replace(path)
    return BackupSummary(path=path, counts=counts, files=len(files))


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError, TypeError) as error:
        raise BackupError("not a Helix backup: manifest.json is missing or unreadable") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r} (expected {FORMAT})")
    return manifest


def _require_empty(using: str) -> None:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    accounts = user_model._base_manager.using(using).count()
    if accounts:
        raise BackupError(f"the database is not empty ({accounts} accounts): restore into an empty database")


def restore_backup(path: str | Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Restore the archive at ``path`` into an empty database and MEDIA_ROOT; raises BackupError."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        _require_empty(using)
        archive.extract("data.json", work, filter="data")
        media = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        archive.extractall(work, members=media, filter="data")
        # The migrations seeded regions, topics and the like: the archive holds them with their keys.
        call_command("flush", database=using, interactive=False, inhibit_post_migrate=True, verbosity=0)
        with transaction.atomic(using=using):
            call_command("loaddata", str(Path(work) / "data.json"), database=using, verbosity=0)
        emit_post_migrate_signal(0, False, using)  # content types etc. of models newer than the archive
        _copy_media(Path(work) / "media", Path(settings.MEDIA_ROOT))
    counts = model_counts(using)
    wrong = {
        label: (expected, counts.get(label, 0))
        for label, expected in manifest["counts"].items()
        if counts.get(label, 0) != expected
    }
    if wrong:
        raise BackupError(f"restored counts differ from the backup's (expected, found): {wrong}")
    return BackupSummary(path=path, counts=counts, files=len(media))


def _copy_media(source: Path, target: Path) -> None:
    if not source.exists():
        return
    for file in source.rglob("*"):
        if file.is_file():
            destination = target / file.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, destination)
