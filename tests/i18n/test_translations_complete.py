"""Every user-facing string of Helix has its es-CL translation (issue 12 §7).

``makemessages`` runs on a throw-away copy of the sources and catalogues (the real ones are never
touched); any entry left without a translation, or marked fuzzy because its English changed, fails
the test with the file and the string to translate.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "static", "data", "migrations", "tests")

# One catalogue entry: optional flags line, msgctxt, msgid and its translations (obsolete #~ entries excluded).
QUOTED = r'"[^\n]*\n(?:"[^\n]*\n)*'
ENTRY = re.compile(
    r"^(?P<comments>(?:#[^\n]*\n)*)"
    rf"(?:msgctxt (?P<ctx>{QUOTED}))?"
    rf"msgid (?P<id>{QUOTED})"
    rf"(?:msgid_plural {QUOTED})?"
    rf"(?P<str>(?:msgstr(?:\[\d\])? {QUOTED})+)",
    re.M,
)
MSGSTR = re.compile(rf"msgstr(?:\[\d\])? ({QUOTED})")


def _text(quoted: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted))


def entries(po: Path) -> dict[tuple[str, str], bool]:
    """(msgctxt, msgid) → translated (some msgstr non-empty and not fuzzy), header excluded."""
    found = {}
    for match in ENTRY.finditer(po.read_text(encoding="utf-8") + "\n"):
        msgid = _text(match["id"])
        if not msgid:
            continue
        translations = [
            _text(part) for part in re.findall(r"msgstr(?:\[\d\])? (\"[^\n]*\n(?:\"[^\n]*\n)*)", match["str"])
        ]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in match["comments"].splitlines())
        found[(_text(match["ctx"] or ""), msgid)] = bool(any(translations) and not fuzzy)
    return found


def untranslated(po: Path) -> list[str]:
    return [msgid for (_ctx, msgid), done in entries(po).items() if not done]


def project_translations() -> set[tuple[str, str]]:
    """Every (msgctxt, msgid) some Helix catalogue translates: Django merges them all at run time."""
    done = set()
    for po in [*ROOT.glob("helix/**/locale/es_CL/LC_MESSAGES/django.po"), ROOT / "locale/es_CL/LC_MESSAGES/django.po"]:
        done |= {key for key, ok in entries(po).items() if ok}
    return done


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogues as makemessages leaves them after reading the current sources."""
    copy = tmp_path_factory.mktemp("i18n")
    shutil.copytree(ROOT / "helix", copy / "helix", ignore=SKIP)
    shutil.copytree(ROOT / "locale", copy / "locale", ignore=SKIP)
    locale_paths = [copy / Path(p).relative_to(ROOT) for p in settings.LOCALE_PATHS]
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(settings, "LOCALE_PATHS", [str(p) for p in locale_paths])
            call_command("makemessages", locale=["es_CL"], domain="django", no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    return copy


def test_every_string_has_a_chilean_spanish_translation(extracted):
    translated = project_translations()
    report = []
    for po in sorted(extracted.rglob("es_CL/LC_MESSAGES/django.po")):
        for (ctx, msgid), _done in entries(po).items():
            if (ctx, msgid) not in translated:
                report.append(
                    f"{po.relative_to(extracted).parents[2]}: {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
                )
    assert not report, "Strings without an es-CL translation:\n" + "\n".join(report)


def test_the_check_notices_a_missing_translation(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: es_CL\\n"\n\n'
        'msgid "Done"\nmsgstr "Listo"\n\n'
        'msgid "New string"\nmsgstr ""\n\n'
        '#: views.py:3\n#, fuzzy, python-format\nmsgid "Changed"\nmsgstr "Cambiado"\n\n'
        'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] ""\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    assert untranslated(po) == ["New string", "Changed", "One"]
