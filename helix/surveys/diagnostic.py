"""The built-in Smart City Maturity Diagnostic, shipped with Helix and written for this project.

Its sections follow the five areas of the DO! Smart City 2020 municipal survey (strategy, local-
government competences, offer–demand match, public–private agreements, citizens with new skills);
every scored question also belongs to one of the six smart-city dimensions of the shared taxonomy
(`network/data/taxonomy.csv`). Two pick-3 rankings repeat the case's figures 3 and 4. An optional
last block lets a municipality report the U4SSC core KPIs (list and units in `data/u4ssc_kpis.csv`;
source: ITU U4SSC "Collection Methodology for KPIs for Smart Sustainable Cities", 2017, and the
U4SSC KPIs Verification Manual, 2022 — see `data/SOURCES.md`).

`load_diagnostic` takes `get_model`, so a data migration can pass the historical models.
"""

from __future__ import annotations

import csv
from pathlib import Path

FAMILY = "smart-city-maturity"
KPI_CSV = Path(__file__).resolve().parent / "data" / "u4ssc_kpis.csv"
KPI_CSV_ES = Path(__file__).resolve().parent / "data" / "u4ssc_kpis_es.csv"  # names in Spanish (issue 12 §7)

LEVELS = {
    "strategy": [
        "No existe una estrategia de ciudad inteligente.",
        "Hay iniciativas aisladas, sin una estrategia escrita.",
        "Existe una estrategia escrita, aún no aprobada ni financiada.",
        "La estrategia está aprobada, con metas y responsables.",
        "La estrategia se ejecuta, se mide y se actualiza con la ciudadanía.",
    ],
    "generic": [
        "Inexistente: no se ha abordado.",
        "Inicial: acciones aisladas que dependen de personas.",
        "En desarrollo: hay un plan y algunos proyectos en marcha.",
        "Establecido: procesos formales, presupuesto y responsables.",
        "Optimizado: se mide, se mejora y sirve de referencia a otros.",
    ],
}

# (code, kind, text, dimension, extra)
SECTIONS = [
    (
        "strategy",
        "Estrategia",
        [
            (
                "estrategia",
                "maturity",
                "¿En qué nivel está la estrategia de ciudad inteligente del municipio?",
                "governance",
                {"levels": "strategy"},
            ),
            (
                "estrategia-presupuesto",
                "yes_no",
                "¿La estrategia tiene presupuesto asignado este año?",
                "governance",
                {"show_if": ("estrategia", ["2", "3", "4"])},
            ),
            (
                "estrategia-movilidad",
                "likert",
                "La estrategia aborda la movilidad y el transporte de la comuna.",
                "mobility",
                {},
            ),
            (
                "estrategia-ambiente",
                "likert",
                "La estrategia aborda el medio ambiente y el cambio climático.",
                "environment",
                {},
            ),
            (
                "liderazgo",
                "single",
                "¿Quién lidera la agenda de ciudad inteligente en el municipio?",
                "governance",
                {
                    "options": [
                        ("nadie", "Nadie en particular", 0.0),
                        ("unidad-parcial", "Una unidad, sin dedicación exclusiva", 0.33),
                        ("unidad-dedicada", "Una unidad con dedicación exclusiva", 0.67),
                        ("alcaldia", "La alcaldía, con un equipo transversal", 1.0),
                    ]
                },
            ),
        ],
    ),
    (
        "competences",
        "Competencias del gobierno local",
        [
            ("gobierno-digital", "maturity", "Trámites y servicios municipales en línea", "governance", {}),
            ("datos", "maturity", "Uso de datos para tomar decisiones (tableros, datos abiertos)", "governance", {}),
            (
                "funcionarios-capacitados",
                "number",
                "Funcionarios capacitados en transformación digital en los últimos 12 meses",
                "",
                {"unit": "personas", "min": 0, "max": 100000},
            ),
            (
                "capacidad-movilidad",
                "likert",
                "El municipio tiene capacidades para gestionar proyectos de movilidad inteligente.",
                "mobility",
                {},
            ),
            ("gestion-ambiental", "maturity", "Monitoreo y gestión de energía, agua y residuos", "environment", {}),
        ],
    ),
    (
        "match",
        "Encuentro entre oferta y demanda",
        [
            (
                "busqueda-soluciones",
                "maturity",
                "¿Cómo identifica el municipio soluciones para sus desafíos?",
                "economy",
                {},
            ),
            (
                "canales",
                "multiple",
                "¿Qué canales usa para conocer soluciones? (hasta 3)",
                "economy",
                {
                    "max": 3,
                    "options": [
                        ("ferias", "Ferias y congresos", 0.34),
                        ("ruedas", "Ruedas de negocios", 0.34),
                        ("compra-innovadora", "Compra pública innovadora", 0.34),
                        ("universidades", "Convenios con universidades", 0.34),
                        ("proveedores", "Visitas de proveedores", 0.17),
                        ("ninguno", "Ninguno", 0.0),
                    ],
                },
            ),
            (
                "proveedores-locales",
                "likert",
                "Las empresas locales participan en los desafíos del municipio.",
                "economy",
                {},
            ),
            (
                "desafio",
                "long_text",
                "Describe un desafío que te gustaría resolver con apoyo externo.",
                "",
                {"required": False},
            ),
        ],
    ),
    (
        "agreements",
        "Acuerdos público-privados",
        [
            ("acuerdos", "maturity", "Acuerdos de colaboración con empresas y academia", "economy", {}),
            (
                "convenios",
                "number",
                "Convenios vigentes con empresas o universidades",
                "",
                {"unit": "convenios", "min": 0, "max": 1000},
            ),
            ("piloto", "yes_no", "¿Realizó un piloto con una empresa en los últimos dos años?", "economy", {}),
            (
                "acuerdos-calidad-vida",
                "likert",
                "Los acuerdos mejoran la calidad de vida (salud, seguridad, vivienda, cultura).",
                "living",
                {},
            ),
        ],
    ),
    (
        "citizens",
        "Ciudadanos con nuevas competencias",
        [
            (
                "competencias-digitales",
                "maturity",
                "Programas de competencias digitales para la ciudadanía",
                "people",
                {},
            ),
            ("participacion", "maturity", "Participación ciudadana en el diseño de proyectos", "people", {}),
            ("uso-servicios", "likert", "La ciudadanía usa los servicios digitales del municipio.", "people", {}),
            (
                "calidad-vida",
                "maturity",
                "Servicios de salud, seguridad y cultura apoyados por tecnología",
                "living",
                {},
            ),
            ("wifi", "yes_no", "¿Hay espacios públicos con Wi-Fi gratuito?", "living", {}),
        ],
    ),
    (
        "",
        "Prioridades",
        [
            (
                "caracteristicas-ciudad",
                "ranking",
                "Elige y ordena las 3 características más importantes que debe tener una ciudad.",
                "",
                {
                    "max": 3,
                    "options": [
                        ("segura", "Segura"),
                        ("sustentable", "Sustentable"),
                        ("conectada", "Conectada"),
                        ("inclusiva", "Inclusiva"),
                        ("movilidad", "Con buena movilidad"),
                        ("participativa", "Participativa"),
                        ("innovadora", "Innovadora"),
                        ("identidad", "Con identidad y cultura"),
                    ],
                },
            ),
            (
                "buena-gestion",
                "ranking",
                "Elige y ordena las 3 cosas más importantes que debe hacer una buena gestión de ciudad.",
                "",
                {
                    "max": 3,
                    "options": [
                        ("planificar", "Planificar a largo plazo"),
                        ("escuchar", "Escuchar a la ciudadanía"),
                        ("datos", "Decidir con datos"),
                        ("colaborar", "Colaborar con empresas y academia"),
                        ("transparentar", "Transparentar su gestión"),
                        ("servicios", "Mejorar los servicios"),
                        ("inversion", "Atraer inversión"),
                    ],
                },
            ),
            ("cargo", "short_text", "Cargo de quien responde", "", {"required": False}),
        ],
    ),
]


def kpi_rows(level: str = "core") -> list[dict]:
    with open(KPI_CSV, encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["level"] == level]


def kpi_spanish() -> dict[str, dict]:
    """kpi_code → its name (``nombre``), unit (``unidad``) and what it measures (``mide``) in Chilean
    Spanish, as a municipal officer reads them (``data/u4ssc_kpis_es.csv``; the core KPIs)."""
    with open(KPI_CSV_ES, encoding="utf-8") as fh:
        return {row["kpi_code"]: row for row in csv.DictReader(fh)}


def load_diagnostic(get_model) -> bool:
    """Create the diagnostic's first published version if it does not exist; returns True if created.
    `get_model` is `apps.get_model` (historical models in a migration, the real ones elsewhere)."""
    from django.utils import timezone

    questionnaire_model, topic_model = get_model("surveys", "Questionnaire"), get_model("network", "Topic")

    if questionnaire_model.objects.filter(family=FAMILY).exists():
        return False
    dimensions = {t.code: t for t in topic_model.objects.filter(kind="dimension")}
    questionnaire = questionnaire_model.objects.create(
        family=FAMILY,
        version=1,
        title="Diagnóstico de madurez de ciudad inteligente",
        description=(
            "Un diagnóstico de la comuna en las cinco áreas de la encuesta municipal 2020 y las seis "
            "dimensiones de ciudad inteligente. Toma unos 20 minutos; puedes guardar y seguir después."
        ),
        status="published",
        built_in=True,
        published_at=timezone.now(),
    )
    _create_sections(questionnaire, get_model, dimensions)
    _create_kpi_section(questionnaire, get_model)
    return True


def _create_sections(questionnaire, get_model, dimensions: dict) -> None:
    """The diagnostic's sections (SECTIONS), their questions (with show-if conditions) and options."""
    section_model, question_model = get_model("surveys", "Section"), get_model("surveys", "Question")
    option_model = get_model("surveys", "Option")
    by_code = {}
    for s_pos, (area, title, questions) in enumerate(SECTIONS, start=1):
        section = section_model.objects.create(questionnaire=questionnaire, position=s_pos, title=title)
        for q_pos, (code, kind, text, dimension, extra) in enumerate(questions, start=1):
            condition = extra.get("show_if")
            question = question_model.objects.create(
                section=section,
                position=q_pos,
                code=code,
                kind=kind,
                text=text,
                area=area,
                dimension=dimensions.get(dimension),
                required=extra.get("required", True),
                max_choices=extra.get("max") if kind in ("multiple", "ranking") else None,
                unit=extra.get("unit", ""),
                min_value=extra.get("min"),
                max_value=extra.get("max") if kind == "number" else None,
                show_if_question=by_code[condition[0]] if condition else None,
                show_if_values=condition[1] if condition else [],
            )
            by_code[code] = question
            option_model.objects.bulk_create(
                option_model(
                    question=question, position=i, code=c, label=label, score=score, descriptor=descriptor or ""
                )
                for i, (c, label, score, descriptor) in enumerate(_options(kind, extra))
            )


def _options(kind: str, extra: dict) -> list[tuple]:
    """(code, label, score, descriptor) of a question's options; maturity questions get the five levels."""
    if kind == "maturity":
        levels = LEVELS[extra.get("levels", "generic")]
        return [(str(i), f"{i}. {levels[i].split(':')[0]}", None, levels[i]) for i in range(5)]
    return [(*o, None) if len(o) == 3 else (o[0], o[1], None, "") for o in extra.get("options", [])]


def _create_kpi_section(questionnaire, get_model) -> None:
    """The optional last section: a yes/no gate, then one question per core U4SSC KPI shown if it is yes."""
    section_model, question_model = get_model("surveys", "Section"), get_model("surveys", "Question")
    section = section_model.objects.create(
        questionnaire=questionnaire,
        position=len(SECTIONS) + 1,
        title="Indicadores U4SSC (opcional)",
        description="Indicadores clave (KPI) de ciudades inteligentes y sostenibles de la UIT (U4SSC), nivel núcleo.",
    )
    gate = question_model.objects.create(
        section=section,
        position=1,
        code="reporta-kpi",
        kind="yes_no",
        required=False,
        text="¿Quieres reportar indicadores U4SSC de la comuna?",
    )
    spanish = kpi_spanish()
    question_model.objects.bulk_create(
        question_model(
            section=section,
            position=i,
            code=f"kpi-{i - 1:02d}",
            required=False,
            kind="yes_no" if row["unit"] == "yes/no" else "number",
            text=spanish[row["kpi_code"]]["nombre"],
            help_text=spanish[row["kpi_code"]]["mide"],
            unit="" if row["unit"] == "yes/no" else spanish[row["kpi_code"]]["unidad"][:60],
            kpi_code=row["kpi_code"],
            min_value=None if row["unit"] == "yes/no" else 0,
            max_value=100 if row["unit"] == "%" else None,
            show_if_question=gate,
            show_if_values=["yes"],
        )
        for i, row in enumerate(kpi_rows(), start=2)
    )


def translate_kpi_questions(get_model) -> int:
    """Put the Spanish name, unit and measure on the KPI questions of built-in diagnostics created
    before they were translated (their English texts came from the U4SSC list); returns how many."""
    question_model = get_model("surveys", "Question")
    spanish, changed = kpi_spanish(), 0
    for question in question_model.objects.filter(section__questionnaire__family=FAMILY).exclude(kpi_code=""):
        row = spanish.get(question.kpi_code)
        if row is None:
            continue
        question.text, question.help_text = row["nombre"], row["mide"]
        if question.unit:
            question.unit = row["unidad"][:60]
        question.save(update_fields=["text", "help_text", "unit"])
        changed += 1
    return changed
