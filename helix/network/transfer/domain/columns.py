"""The spreadsheet columns Helix imports and exports, and how header names are recognised.

Headers are matched after folding (lower-case, accents and punctuation removed), so "Región",
"region" and "REGION" are the same column. Spanish and English names are both accepted.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from helix.core.text import fold_words


@dataclass(frozen=True)
class Column:
    key: str
    header_es: str
    header_en: str
    aliases: tuple[str, ...]
    help: str
    required: bool = False

    def header(self, language: str | None) -> str:
        return self.header_en if (language or "es").startswith("en") else self.header_es


ORGANISATION_COLUMNS = (
    Column(
        "name",
        "nombre",
        "name",
        ("nombre", "name", "organizacion", "organisation", "organization", "razon social", "nombre organizacion"),
        _("Name of the organisation. Required."),
        required=True,
    ),
    Column(
        "kind",
        "tipo",
        "kind",
        ("tipo", "kind", "type", "tipo de organizacion", "tipo organizacion"),
        _(
            "Kind: municipalidad, gobierno regional, servicio público, universidad, instituto técnico, centro de "
            "investigación, startup, pyme, gran empresa, ONG, asociación ciudadana, organización internacional "
            "(or the English names). Required for new organisations."
        ),
        required=True,
    ),
    Column(
        "sector",
        "sector",
        "sector",
        ("sector", "sector helice"),
        _("Optional: empresa, gobierno, academia, sociedad civil. Deduced from the kind; if given it must agree."),
    ),
    Column(
        "commune",
        "comuna",
        "commune",
        ("comuna", "commune", "municipality commune", "cut", "codigo comuna"),
        _("Commune of the seat: its name (Valparaíso) or its CUT code (5101)."),
    ),
    Column(
        "region",
        "región",
        "region",
        ("region", "region de la sede"),
        _(
            "Region of the seat: name (Valparaíso, Metropolitana), number (5) or roman numeral (V). Must agree "
            "with the commune; deduced from the commune when empty."
        ),
    ),
    Column(
        "website",
        "sitio web",
        "website",
        ("sitio web", "website", "web", "sitio", "url", "pagina web"),
        _("Web address; https:// is added when missing."),
    ),
    Column(
        "email",
        "correo",
        "email",
        ("correo", "email", "e mail", "correo electronico", "mail", "correo de contacto"),
        _("Contact e-mail."),
    ),
    Column("phone", "teléfono", "phone", ("telefono", "phone", "fono", "celular"), _("Phone number.")),
    Column(
        "description", "descripción", "description", ("descripcion", "description", "resena"), _("Short description.")
    ),
    Column(
        "topics",
        "temas",
        "topics",
        ("temas", "topics", "tema", "topicos", "areas"),
        _("Topics separated by ; or , — codes (water, energy, sdg-6) or names (Agua, Energía, ODS 6)."),
    ),
    Column("country", "país", "country", ("pais", "country"), _("ISO country code (CL, ES, DE…); CL when empty.")),
)

PERSON_COLUMNS = (
    Column(
        "first_name",
        "nombre",
        "first name",
        ("nombre", "nombres", "first name", "firstname", "name", "given name"),
        _("First name(s). Required."),
        required=True,
    ),
    Column(
        "last_name",
        "apellido",
        "last name",
        ("apellido", "apellidos", "last name", "lastname", "surname", "family name"),
        _("Last name(s)."),
    ),
    Column(
        "email",
        "correo",
        "email",
        ("correo", "email", "e mail", "correo electronico", "mail"),
        _("E-mail. A person whose e-mail is already in the directory is updated, not duplicated."),
    ),
    Column("phone", "teléfono", "phone", ("telefono", "phone", "fono", "celular"), _("Phone number.")),
    Column(
        "commune", "comuna", "commune", ("comuna", "commune", "cut", "codigo comuna"), _("Commune: name or CUT code.")
    ),
    Column(
        "organisation",
        "organización",
        "organisation",
        ("organizacion", "organisation", "organization", "institucion", "empresa", "entidad"),
        _("An organisation already in the directory (exact name, accents and case ignored); adds a membership."),
    ),
    Column("position", "cargo", "position", ("cargo", "position", "puesto", "job title"), _("Position in it.")),
    Column(
        "topics",
        "temas",
        "topics",
        ("temas", "topics", "expertise", "experticia", "areas de experticia", "tema"),
        _("Areas of expertise, like the organisations' topics."),
    ),
    Column(
        "gender",
        "género",
        "gender",
        ("genero", "gender", "sexo"),
        _("Optional, self-declared: femenino, masculino, no binario, otro (or empty)."),
    ),
    Column(
        "public_profile",
        "perfil público",
        "public profile",
        ("perfil publico", "public profile", "publico", "public"),
        _("sí/no: show as a public expert profile. No when empty."),
    ),
    Column("bio", "biografía", "bio", ("biografia", "bio", "biography", "resena"), _("Short biography.")),
)

COLUMNS = {"organisations": ORGANISATION_COLUMNS, "people": PERSON_COLUMNS}


def match_headers(headers: list[str], columns: tuple[Column, ...]) -> tuple[dict[int, str], list[str]]:
    """Map header positions to column keys; return that map and the headers that were not recognised.

    The first header matching a column wins; a later duplicate is reported as not recognised.
    """
    alias_to_key = {fold_words(alias): col.key for col in columns for alias in col.aliases}
    positions: dict[int, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        key = alias_to_key.get(fold_words(header))
        if key is None or key in positions.values():
            if (header or "").strip():
                unknown.append(header.strip())
            continue
        positions[index] = key
    return positions, unknown
