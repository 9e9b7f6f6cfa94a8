"""How cell values are read: kinds, sectors, regions, communes, topics, genders, yes/no.

Everything is compared folded (no accents, lower case), so "Pyme", "PYME" and "pyme" are the same.
"""

from django.utils import translation

from helix.core.text import fold_words
from helix.network.models import Person, Topic
from helix.network.models.organisations import OrganisationKind, Sector
from helix.territory.models import Commune, Region

_KIND_EXTRA = {
    OrganisationKind.MUNICIPALITY: ["municipalidad", "municipio", "ilustre municipalidad", "municipalidades"],
    OrganisationKind.REGIONAL_GOVERNMENT: ["gobierno regional", "gore"],
    OrganisationKind.PUBLIC_AGENCY: ["servicio publico", "organismo publico", "agencia publica", "ministerio"],
    OrganisationKind.UNIVERSITY: ["universidad"],
    OrganisationKind.TECHNICAL_INSTITUTE: [
        "instituto tecnico",
        "instituto profesional",
        "centro de formacion tecnica",
        "cft",
        "ip",
    ],
    OrganisationKind.RESEARCH_CENTRE: ["centro de investigacion", "research center"],
    OrganisationKind.STARTUP: ["startup", "start up", "emprendimiento"],
    OrganisationKind.SME: ["pyme", "mipyme", "pequena empresa", "mediana empresa"],
    OrganisationKind.LARGE_COMPANY: ["gran empresa", "empresa grande", "large company"],
    OrganisationKind.NGO: ["ong", "ngo", "corporacion sin fines de lucro"],
    OrganisationKind.CITIZEN_ASSOCIATION: ["asociacion ciudadana", "junta de vecinos", "organizacion comunitaria"],
    OrganisationKind.INTERNATIONAL: ["organizacion internacional", "organismo internacional", "internacional"],
    OrganisationKind.MUNICIPAL_CORPORATION: ["corporacion municipal", "corporacion municipal de educacion y salud"],
    OrganisationKind.MUNICIPAL_ASSOCIATION: ["asociacion de municipios", "asociacion de municipalidades"],
    OrganisationKind.COOPERATIVE: ["cooperativa", "coop"],
    OrganisationKind.FOUNDATION: ["fundacion", "foundation"],
}
_SECTOR_EXTRA = {
    Sector.COMPANY: ["empresa", "empresas", "privado", "sector privado"],
    Sector.GOVERNMENT: ["gobierno", "sector publico", "publico", "estado"],
    Sector.ACADEMIA: ["academia", "academico", "universidades"],
    Sector.CIVIL_SOCIETY: ["sociedad civil", "comunidad"],
}
_GENDER = {
    Person.Gender.FEMALE: ["femenino", "f", "mujer", "female", "woman", "femenina"],
    Person.Gender.MALE: ["masculino", "m", "hombre", "male", "man"],
    Person.Gender.NON_BINARY: ["no binario", "no binaria", "non binary", "nonbinary", "nb"],
    Person.Gender.OTHER: ["otro", "otra", "other"],
    Person.Gender.UNDISCLOSED: ["", "prefiero no decir", "prefer not to say", "n a", "na"],
}
_TRUE = {"si", "s", "yes", "y", "true", "1", "x", "verdadero"}
_FALSE = {"", "no", "n", "false", "0", "falso"}
_REGION_EXTRA = {
    13: ["metropolitana", "rm", "santiago", "region metropolitana"],
    6: ["ohiggins", "o higgins", "libertador bernardo ohiggins"],
    11: ["aysen", "aisen"],
    12: ["magallanes"],
    9: ["araucania"],
    8: ["biobio", "bio bio"],
    14: ["los rios"],
    10: ["los lagos"],
    15: ["arica", "arica y parinacota"],
}


def _choice_aliases(choices, extra) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for value, label in choices.choices:
        aliases[fold_words(value.replace("_", " "))] = value
        for language in ("en", "es-cl"):
            with translation.override(language):
                aliases[fold_words(str(label))] = value
        for word in extra.get(value, ()):
            aliases[fold_words(word)] = value
    return aliases


class Vocabulary:
    """Lookup tables loaded once per import (a handful of queries, not one per row)."""

    def __init__(self) -> None:
        self.kinds = _choice_aliases(OrganisationKind, _KIND_EXTRA)
        self.sectors = _choice_aliases(Sector, _SECTOR_EXTRA)
        self.genders = {fold_words(w): value for value, words in _GENDER.items() for w in words}
        self.communes: dict[str, Commune] = {}
        for commune in Commune.objects.select_related("region"):
            self.communes[str(commune.cut)] = commune
            self.communes[fold_words(commune.name)] = commune
        self.regions: dict[str, Region] = {}
        for region in Region.objects.all():
            keys = [str(region.code), region.roman_numeral, region.abbreviation, region.name]
            keys += [f"region de {region.name}", f"region del {region.name}", f"region {region.name}"]
            keys += _REGION_EXTRA.get(region.code, [])
            for key in keys:
                if key:
                    self.regions[fold_words(key)] = region
        self.topics: dict[str, Topic] = {}
        for t in Topic.objects.all():
            for key in (t.code, t.name_es, t.name_en):
                self.topics[fold_words(key)] = t
            if t.sdg_number:
                for prefix in ("ods", "sdg", "ods n", "objetivo"):
                    self.topics[f"{prefix} {t.sdg_number}"] = t

    def kind(self, text: str) -> str | None:
        return self.kinds.get(fold_words(text))

    def sector(self, text: str) -> str | None:
        return self.sectors.get(fold_words(text))

    def commune(self, text: str) -> Commune | None:
        key = fold_words(text)
        if key.endswith(" 0") or key.replace(".", "").isdigit():
            key = key.split(".")[0]
        return self.communes.get(key)

    def region(self, text: str) -> Region | None:
        return self.regions.get(fold_words(text))

    def topic_list(self, text: str) -> tuple[list[Topic], list[str]]:
        """Topics found and the pieces not recognised."""
        found, unknown = [], []
        for piece in text.replace("|", ";").replace(",", ";").split(";"):
            piece = piece.strip()
            if not piece:
                continue
            topic = self.topics.get(fold_words(piece))
            if topic is None:
                unknown.append(piece)
            elif topic not in found:
                found.append(topic)
        return found, unknown

    def gender(self, text: str) -> str | None:
        return self.genders.get(fold_words(text))

    @staticmethod
    def yes_no(text: str) -> bool | None:
        key = fold_words(text)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        return None
