"""Helix addresses each person as «tú», never «usted» (issue 12 §7).

Most of the interface already said "Tu cuenta…", "Revisa tu correo", "Elige…"; some texts said "Ingrese…",
"Revise…", "Su agenda…", "le invita". This check reads every es-CL catalogue of Helix, and the Django form
and password messages a person can meet in Helix's forms, and fails when a formal form comes back.

What is caught: a formal imperative that opens a sentence or clause ("Ingrese un número", "…; cree una
reunión"), a formal imperative with a pronoun attached ("cancélelas"), «usted», "le invita"-style
pronouns, "su cuenta"/"su contraseña", and "Su …"/"Sus …" opening a sentence (in a tú interface a reader
takes it as «usted»; a third-person sentence is better worded another way). What is not caught, because
it is not addressed to the reader: third-person subjunctives ("falta que confirme la otra parte"), nouns
that look like verbs ("Presente", "cierre de inscripciones") and «ustedes», Chile's plural for everyone.

Allow-list: none needed. A certificate is a formal document read by third parties, so it addresses
nobody: third person and impersonal ("Se certifica que…", "Verificable en…"), neither «tú» nor «usted».
Letters to organisations (survey invitations, wheel invitations, agreements) are read by a person who
uses Helix, so they say «tú» like the rest. If a text must one day be formal, add its msgid to FORMAL
with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core import validators
from django.utils import translation

from tests.i18n.test_translations_complete import ENTRY, _text

ROOT = Path(settings.BASE_DIR)

# msgid → why it must address the reader as «usted». Empty: see the module's docstring.
FORMAL: dict[str, str] = {}

# Formal (usted) imperatives of the verbs a user interface uses; their tú forms are "ingresa", "revisa"…
IMPERATIVES = (
    "acepte|agregue|asigne|busque|cambie|cancele|complete|confirme|contacte|continúe|copie|corrija|cree|"
    "dé|descargue|elija|envíe|escanee|escoja|escriba|espere|guarde|haga|indique|ingrese|inicie|intente|"
    "introduzca|marque|muestre|ordene|pida|proponga|publique|registre|responda|revise|seleccione|siga|"
    "suba|use|verifique|vuelva"
)
# With a pronoun attached (the tú forms are "asegúrate", "cancélalas", "revísalo"…).
ENCLITICS = (
    "asegúrese|cancélela|cancélelas|muévala|muévalas|revíselo|ábralo|inscríbase|regístrese|suscríbase|"
    "contáctenos|escríbanos|acéptela|confírmelo|ingréselo|descárguelo"
)
# Where a clause starts: the text's start, after . ; : ! ? ¿ ¡ … or a comma, a new line, or "o"/"y".
CLAUSE = r"(?:^|[.;:!?¿¡…,]\s*|\n\s*|\b[oy]\s+)"
USTED = re.compile(
    rf"{CLAUSE}(?:{IMPERATIVES})\b"
    rf"|\b(?:{ENCLITICS})\b"
    r"|\busted\b"
    r"|\ble (?:invita|invitamos|enviamos|pidieron|pedimos|recordamos|informamos|escribimos)\b"
    r"|\bsus? (?:cuenta|contraseña)\b"
    r"|¿(?:desea|quiere|necesita|tiene|está segur[oa])\b"
    r"|\bsi (?:necesita|desea|quiere)\b",
    re.IGNORECASE,
)
# "Su agenda…", "¡Gracias! Sus respuestas…": a sentence that opens with "Su"/"Sus" (capitalised).
SENTENCE_SU = re.compile(r"(?:^|[.!?¿¡…]\s+|\n\s*)Sus? ")


def formal(text: str) -> list[str]:
    """The formal forms in a Spanish text (empty when it says «tú» or addresses nobody)."""
    text = text.replace("\\n", "\n")
    found = [*USTED.finditer(text), *SENTENCE_SU.finditer(text)]
    return [match.group(0).strip(" .;:!?¿¡…,\n") for match in found]


def catalogues() -> list[Path]:
    apps = sorted(ROOT.glob("helix/**/locale/es_CL/LC_MESSAGES/django.po"))
    return [*apps, ROOT / "locale/es_CL/LC_MESSAGES/django.po"]


def test_helix_catalogues_say_tu_not_usted():
    report = []
    for po in catalogues():
        for match in ENTRY.finditer(po.read_text(encoding="utf-8") + "\n"):
            msgid = _text(match["id"])
            if not msgid or msgid in FORMAL:
                continue
            for part in re.findall(r"msgstr(?:\[\d\])? (\"[^\n]*\n(?:\"[^\n]*\n)*)", match["str"]):
                if found := formal(_text(part)):
                    report.append(f"{po.relative_to(ROOT)}: {_text(part)!r} ({', '.join(found)})")
    assert not report, "Texts that address the reader as «usted»:\n" + "\n".join(report)


class Anything(dict):
    """Formatting values for any placeholder of a message (numbers work for %d and plural choice)."""

    def __missing__(self, key):
        return 2


def django_form_messages() -> list[str]:
    """Every error message of Django's form fields and validators, and the password rules' help texts."""
    messages = []
    classes = [forms.Field]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        messages.extend(getattr(cls, "default_error_messages", {}).values())
    for name in dir(validators):
        message = getattr(getattr(validators, name), "message", None)
        if message is not None:
            messages.append(message)
    rendered = []
    for message in messages:
        try:
            rendered.append(str(message % Anything()))
        except (TypeError, KeyError, ValueError):
            rendered.append(str(message))
    return rendered + [str(text) for text in password_validation.password_validators_help_texts()]


def test_django_form_messages_say_tu_not_usted():
    with translation.override("es-cl"):
        messages = django_form_messages()
    assert "Ingresa un correo electrónico válido." in messages  # the check reads Django's messages in Spanish
    report = [f"{message!r} ({', '.join(formal(message))})" for message in messages if formal(message)]
    assert not report, "Django messages that address the reader as «usted»:\n" + "\n".join(report)


@pytest.mark.parametrize(
    "text",
    [
        "Ingrese un número.",
        "Este enlace no es válido. Revise que lo copió completo o pida uno nuevo.",
        "Una reunión cancelada no se puede reabrir; cree una reunión espontánea en su lugar.",
        "Algunos bloques ya tienen reuniones; cancélelas primero.",
        "Usted no representa a esta organización.",
        "%(org)s le invita a %(name)s",
        "Si existe una cuenta, revise su cuenta de correo.",
        "Su agenda para %(name)s cambió",
        "¡Gracias! Sus respuestas fueron enviadas.",
        "¿Desea reportar indicadores?",
        "Hola:\\n\\nContinúe aquí antes del %(deadline)s",
        "Adjuntamos un archivo. Después de la reunión, registre su resultado:",
        "Asegúrese de que este valor es menor o igual a 3.",
    ],
)
def test_the_check_notices_usted(text):
    assert formal(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ingresa un número.",
        "Este enlace no es válido. Revisa que lo hayas copiado completo o pide uno nuevo al equipo organizador.",
        "Registramos tu confirmación; falta que confirme la otra parte.",
        "La inscripción debe cerrar antes de que termine el evento.",
        "%(n)s solicitud aún espera respuesta; contará cuando se acepte.",
        "Presente",
        "cierre de inscripciones",
        "Municipios, empresas, academia y ciudadanía: encuéntrense, conecten desafíos con soluciones.",
        "Un token permite que un programa use la API de Helix en tu nombre.",
        "Las columnas y sus valores también se pueden escribir en español.",
        "Al publicar se envía a cada participante su agenda por correo.",
        "No puede haber más de 3 dígitos en total.",
    ],
)
def test_the_check_lets_tu_and_third_person_through(text):
    assert formal(text) == []
