"""Demo ecosystem for `seed_demo`: a deterministic, realistic Chilean smart-city directory.

Every municipality (346) and regional government (16), the main public agencies, real universities and
institutes, invented companies, NGOs and international partners, thousands of people with expertise and
positions, and agreements between organisations. `scale` multiplies everything except the fixed
public bodies (scale 30 gives more than 100,000 organisations and people), so rows are written with
`bulk_create` in batches, many-to-many links through their through-tables, and the derived search
columns computed here with the same functions the domain uses.

Also creates the demo representative account `representante@helix.demo` (password
`helix-demo-2026`), an approved representative of the Municipalidad de Valparaíso.
"""

import datetime as dt
import random
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from helix.core.text import fold, fold_words
from helix.demo.dates import today
from helix.network.domain import (
    add_membership,
    create_person,
    organisation_search_text,
    organisation_slug,
    person_search_text,
)
from helix.network.models import Agreement, Membership, Organisation, Person, Topic
from helix.network.models.organisations import KIND_SECTOR, OrganisationKind
from helix.territory.models import Commune, Region

from . import network_names as names

BATCH = 1000
PEOPLE_CHUNK = 5000
REPRESENTATIVE_EMAIL = "representante@helix.demo"
REPRESENTATIVE_PASSWORD = "helix-demo-2026"  # noqa: S105 — documented demo credentials
VALPARAISO_CUT = 5101

# Per unit of scale.
COMPANIES = 320
GENERATED_ACADEMIA = 10
CIVIL_SOCIETY = 70
GENERATED_INTERNATIONAL = 20
PEOPLE = 3400
AGREEMENTS = 60

ACADEMIA_PATTERNS = [
    ("research_centre", "Centro de Innovación Urbana de {commune}"),
    ("research_centre", "Laboratorio de Datos Territoriales {root}"),
    ("technical_institute", "Centro de Formación Técnica {root}"),
    ("research_centre", "Instituto de Ciudades Sostenibles {root}"),
]


def regional_government_name(region: Region) -> str:
    special = {
        13: "Gobierno Regional Metropolitano de Santiago",
        6: "Gobierno Regional del Libertador General Bernardo O'Higgins",
        12: "Gobierno Regional de Magallanes y de la Antártica Chilena",
        11: "Gobierno Regional de Aysén del General Carlos Ibáñez del Campo",
    }
    return special.get(region.code, f"Gobierno Regional de {region.name}")


def municipality_name(commune: Commune) -> str:
    return f"Municipalidad de {commune.name}"


class _Seeder:
    def __init__(self, *, rng: random.Random, scale: int):
        self.rng = rng
        self.scale = max(1, scale)
        self.communes = list(Commune.objects.select_related("region").order_by("cut"))
        self.by_cut = {c.cut: c for c in self.communes}
        self.regions = list(Region.objects.order_by("code"))
        self.topics = {t.code: t for t in Topic.objects.order_by("code")}
        self.fine_topics = [t for t in self.topics.values() if t.kind == Topic.Kind.TOPIC]
        self.slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.pending: list[tuple[Organisation, list[str], list[int]]] = []
        self.orgs: list[Organisation] = []

    # --- organisations ----------------------------------------------------------------------------

    def add_org(
        self,
        *,
        name: str,
        kind: str,
        commune: Commune | None = None,
        region: Region | None = None,
        country: str = "CL",
        description: str = "",
        website: str = "",
        email: str = "",
        topics: Iterable[str] = (),
        operating: Iterable[int] = (),
    ) -> None:
        region = region or (commune.region if commune else None)
        topics = [code for code in dict.fromkeys(topics) if code in self.topics]
        org = Organisation(
            name=name,
            slug=organisation_slug(name, taken=self.slugs),
            normalized_name=fold_words(name),
            sector=KIND_SECTOR[kind],
            kind=kind,
            commune=commune,
            region=region,
            country=country,
            website=website,
            email=email,
            phone=f"+56 {self.rng.randint(2, 9)} {self.rng.randint(2000, 9999)} {self.rng.randint(1000, 9999)}"
            if country == "CL"
            else "",
            description=description,
            search_text=organisation_search_text(
                name=name,
                description=description,
                commune=commune.name if commune else "",
                region=region.name if region else "",
                topics=[self.topics[c].name_es for c in topics],
            ),
        )
        org._demo_topics = topics  # people's expertise follows their organisation's topics
        self.pending.append((org, topics, sorted(set(operating))))
        if len(self.pending) >= BATCH:
            self.flush_orgs()

    def flush_orgs(self) -> None:
        if not self.pending:
            return
        created = Organisation.objects.bulk_create([org for org, _, _ in self.pending], batch_size=BATCH)
        topic_links, region_links = [], []
        region_pk = {r.code: r.pk for r in self.regions}
        for org, (_, topics, operating) in zip(created, self.pending):
            topic_links += [
                Organisation.topics.through(organisation_id=org.pk, topic_id=self.topics[c].pk) for c in topics
            ]
            region_links += [
                Organisation.operating_regions.through(organisation_id=org.pk, region_id=region_pk[code])
                for code in operating
            ]
        Organisation.topics.through.objects.bulk_create(topic_links, batch_size=BATCH)
        Organisation.operating_regions.through.objects.bulk_create(region_links, batch_size=BATCH)
        self.orgs += created
        self.pending = []

    def pick_topics(self, n: int) -> list[str]:
        return [t.code for t in self.rng.sample(self.fine_topics, n)]

    def some_regions(self, low: int, high: int) -> list[int]:
        return [r.code for r in self.rng.sample(self.regions, self.rng.randint(low, high))]

    def topic_phrase(self, codes: list[str]) -> str:
        labels = [self.topics[c].name_es.lower() for c in codes]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " y " + labels[-1]

    def seed_government(self) -> None:
        for commune in self.communes:
            topics = self.pick_topics(self.rng.randint(2, 4))
            domain = slugify(fold(commune.name)).replace("-", "")
            population = f"{commune.population:,}".replace(",", ".")  # Chilean thousands separator
            self.add_org(
                name=municipality_name(commune),
                kind=OrganisationKind.MUNICIPALITY,
                commune=commune,
                website=f"https://www.muni{domain}.cl",
                email=f"contacto@muni{domain}.cl",
                topics=topics,
                description=(
                    f"Gobierno local de la comuna de {commune.name}, provincia de {commune.province}. "
                    f"Impulsa proyectos de ciudad inteligente en {self.topic_phrase(topics)} "
                    f"para sus {population} habitantes."
                ),
            )
        capitals = {}
        for commune in self.communes:
            capitals.setdefault(commune.region_id, commune)  # lowest CUT: the regional capital
        for region in self.regions:
            topics = self.pick_topics(3)
            self.add_org(
                name=regional_government_name(region),
                kind=OrganisationKind.REGIONAL_GOVERNMENT,
                commune=capitals[region.pk],
                operating=[region.code],
                topics=topics,
                description=(
                    f"Gobierno Regional de {region.name}: financia y coordina iniciativas regionales de "
                    f"{self.topic_phrase(topics)} a través del Fondo Nacional de Desarrollo Regional."
                ),
            )
        for name, cut, website in names.PUBLIC_AGENCIES:
            topics = self.pick_topics(3)
            self.add_org(
                name=name,
                kind=OrganisationKind.PUBLIC_AGENCY,
                commune=self.by_cut[cut],
                website=website,
                topics=topics,
                operating=[r.code for r in self.regions],
                description=f"Servicio público de alcance nacional; apoya políticas de {self.topic_phrase(topics)}.",
            )

    def seed_academia(self) -> None:
        for name, kind, cut in names.ACADEMIA:
            topics = self.pick_topics(self.rng.randint(3, 5))
            self.add_org(
                name=name,
                kind=kind,
                commune=self.by_cut[cut],
                topics=topics,
                operating=self.some_regions(1, 3),
                description=(
                    f"Institución de educación superior e investigación con líneas en {self.topic_phrase(topics)}; "
                    "colabora con municipios en pilotos de ciudad inteligente."
                ),
            )
        for _ in range(GENERATED_ACADEMIA * self.scale):
            kind, pattern = self.rng.choice(ACADEMIA_PATTERNS)
            commune = self.rng.choice(self.communes)
            topics = self.pick_topics(2)
            self.add_org(
                name=pattern.format(commune=commune.name, root=self.rng.choice(names.COMPANY_ROOTS)),
                kind=kind,
                commune=commune,
                topics=topics,
                description=f"Investigación aplicada y formación en {self.topic_phrase(topics)} para la región.",
            )

    def seed_companies(self) -> None:
        kinds = [OrganisationKind.STARTUP] * 4 + [OrganisationKind.SME] * 5 + [OrganisationKind.LARGE_COMPANY]
        # Companies cluster where the economy is: weight communes by population.
        weights = [max(c.population, 1000) for c in self.communes]
        seats = self.rng.choices(self.communes, weights=weights, k=COMPANIES * self.scale)
        for commune in seats:
            word, word_topics = self.rng.choice(names.COMPANY_WORDS)
            root = self.rng.choice(names.COMPANY_ROOTS)
            name = f"{root} {word} {self.rng.choice(names.COMPANY_FORMS)}"
            topics = list(dict.fromkeys([*word_topics, *self.pick_topics(1)]))
            offers = [names.COMPANY_OFFERS[c] for c in topics if c in names.COMPANY_OFFERS] or [
                names.COMPANY_OFFERS["innovation"]
            ]
            does, for_whom = offers[0]
            domain = slugify(fold(f"{root}{word}")).replace("-", "")
            kind = self.rng.choice(kinds)
            self.add_org(
                name=name,
                kind=kind,
                commune=commune,
                website=f"https://www.{domain}.cl",
                email=f"contacto@{domain}.cl",
                topics=topics,
                operating=[commune.region.code, *self.some_regions(0, 2)],
                description=f"{name} {does} {for_whom}. Presente en {commune.name} y otras comunas del país.",
            )

    def seed_civil_society(self) -> None:
        for _ in range(CIVIL_SOCIETY * self.scale):
            kind, pattern = self.rng.choice(names.NGO_PATTERNS)
            commune = self.rng.choice(self.communes)
            self.add_org(
                name=pattern.format(root=self.rng.choice(names.COMPANY_ROOTS), commune=commune.name),
                kind=kind,
                commune=commune,
                topics=self.pick_topics(2),
                description=self.rng.choice(names.NGO_DESCRIPTIONS),
            )

    def seed_international(self) -> None:
        santiago = self.by_cut[13101]
        for name, country, website in names.INTERNATIONAL:
            topics = self.pick_topics(3)
            self.add_org(
                name=name,
                kind=OrganisationKind.INTERNATIONAL,
                commune=santiago if country == "CL" else None,
                country=country,
                website=website,
                topics=topics,
                description=f"Organismo internacional que coopera con Chile en {self.topic_phrase(topics)}.",
            )
        for _ in range(GENERATED_INTERNATIONAL * self.scale):
            city, country = self.rng.choice(names.FOREIGN_CITIES)
            topics = self.pick_topics(2)
            self.add_org(
                name=self.rng.choice(names.INTERNATIONAL_PATTERNS).format(city=city),
                kind=OrganisationKind.INTERNATIONAL,
                country=country,
                topics=topics,
                description=f"Socio internacional con sede en {city}; intercambia experiencias en "
                f"{self.topic_phrase(topics)} con ciudades chilenas.",
            )

    # --- people -----------------------------------------------------------------------------------

    def seed_people(self) -> tuple[int, int]:
        orgs = self.orgs
        total = PEOPLE * self.scale
        people_made = memberships_made = 0
        for start in range(0, total, PEOPLE_CHUNK):
            rows = []
            for i in range(start, min(start + PEOPLE_CHUNK, total)):
                # The first person of each organisation represents it; the rest join at random.
                org = orgs[i] if i < len(orgs) else self.rng.choice(orgs)
                rows.append((self.make_person(i, org), org, i < len(orgs)))
            created = Person.objects.bulk_create([p for p, _, _ in rows], batch_size=BATCH)
            expertise_links, memberships = [], []
            for person, (_, org, first) in zip(created, rows):
                expertise_links += [
                    Person.expertise.through(person_id=person.pk, topic_id=self.topics[code].pk)
                    for code in person._demo_expertise
                ]
                memberships.append(self.make_membership(person, org, first))
                if self.rng.random() < 0.08:  # some people belong to a second organisation
                    other = self.rng.choice(orgs)
                    if other.pk != org.pk:
                        memberships.append(self.make_membership(person, other, False))
            Person.expertise.through.objects.bulk_create(expertise_links, batch_size=BATCH)
            Membership.objects.bulk_create(memberships, batch_size=BATCH)
            people_made += len(created)
            memberships_made += len(memberships)
        return people_made, memberships_made

    def make_person(self, i: int, org: Organisation) -> Person:
        rng = self.rng
        roll = rng.random()
        if roll < 0.49:
            first, gender = rng.choice(names.FEMALE_NAMES), Person.Gender.FEMALE
        elif roll < 0.96:
            first, gender = rng.choice(names.MALE_NAMES), Person.Gender.MALE
        else:
            first, gender = rng.choice(names.NEUTRAL_NAMES), rng.choice([Person.Gender.NON_BINARY, ""])
        if rng.random() < 0.15:
            gender = ""  # not everyone declares it
        last = f"{rng.choice(names.SURNAMES)} {rng.choice(names.SURNAMES)}"
        expertise = [*[t for t in self.topic_codes_of(org) if rng.random() < 0.5], *self.pick_topics(1)]
        expertise = list(dict.fromkeys(expertise))[:3]
        commune = org.commune if org.commune_id and rng.random() < 0.85 else rng.choice(self.communes)
        region = commune.region
        region_name = "la Región Metropolitana" if region.code == 13 else f"la región de {region.name}"
        bio = rng.choice(names.BIO_TEMPLATES).format(
            topics=self.topic_phrase(expertise), years=rng.randint(3, 25), region=region_name
        )
        domain = org.website.split("//www.")[-1].split("//")[-1].split("/")[0] if org.website else "correo.cl"
        public = rng.random() < 0.45
        person = Person(
            first_name=first,
            last_name=last,
            email=f"{slugify(fold(first))}.{slugify(fold(last.split()[0]))}.{i}@{domain}",
            commune=commune,
            bio=bio,
            public_profile=public,
            gender=gender,
            gender_public=public and bool(gender) and rng.random() < 0.3,
            search_text=person_search_text(
                full_name=f"{first} {last}",
                bio=bio,
                commune=commune.name,
                expertise=[self.topics[c].name_es for c in expertise],
            ),
        )
        person._demo_expertise = expertise
        return person

    @staticmethod
    def topic_codes_of(org: Organisation) -> list[str]:
        return [code for code in org._demo_topics if not code.startswith("sdg-")]

    def make_membership(self, person: Person, org: Organisation, first: bool) -> Membership:
        rng = self.rng
        if first:
            role, status = Membership.Role.REPRESENTATIVE, Membership.Status.APPROVED
        else:
            role = Membership.Role.MEMBER
            status = Membership.Status.APPROVED if rng.random() < 0.97 else Membership.Status.PENDING
        return Membership(
            person_id=person.pk,
            organisation_id=org.pk,
            role=role,
            status=status,
            position=rng.choice(names.POSITIONS[org.sector])[0 if person.gender == Person.Gender.FEMALE else 1],
        )

    # --- agreements -------------------------------------------------------------------------------

    def seed_agreements(self) -> int:
        rng = self.rng
        domestic = [o for o in self.orgs if o.country == "CL" and o.commune_id]
        international = [o for o in self.orgs if o.kind == OrganisationKind.INTERNATIONAL]
        agreements, plans = [], []
        for _ in range(AGREEMENTS * self.scale):
            parties = rng.sample(domestic, rng.randint(2, 3))
            if rng.random() < 0.2:
                parties.append(rng.choice(international))
            topic = rng.choice(self.fine_topics)
            start = today() - dt.timedelta(days=rng.randint(-60, 1500))
            end = start + dt.timedelta(days=365 * rng.randint(1, 4)) if rng.random() < 0.85 else None
            if start > today():
                status = Agreement.Status.DRAFT
            elif end and end < today():
                status = Agreement.Status.EXPIRED if rng.random() < 0.9 else Agreement.Status.TERMINATED
            else:
                status = Agreement.Status.ACTIVE
            title = rng.choice(names.AGREEMENT_TITLES).format(
                topic=topic.name_es.lower(), commune=parties[0].commune.name
            )
            kind = rng.choice(Agreement.Kind.values)
            if any(p.country != "CL" for p in parties):
                kind = rng.choice([Agreement.Kind.MOU, Agreement.Kind.COLLABORATION])
            agreements.append(
                Agreement(
                    title=title,
                    kind=kind,
                    status=status,
                    start_date=start,
                    end_date=end,
                    description=f"{title} entre {', '.join(p.name for p in parties)}.",
                )
            )
            plans.append((parties, topic))
        created = Agreement.objects.bulk_create(agreements, batch_size=BATCH)
        party_links, topic_links = [], []
        for agreement, (parties, topic) in zip(created, plans):
            party_links += [Agreement.parties.through(agreement_id=agreement.pk, organisation_id=p.pk) for p in parties]
            topic_links.append(Agreement.topics.through(agreement_id=agreement.pk, topic_id=topic.pk))
        Agreement.parties.through.objects.bulk_create(party_links, batch_size=BATCH)
        Agreement.topics.through.objects.bulk_create(topic_links, batch_size=BATCH)
        return len(created)


def seed_representative() -> None:
    """The demo representative account, an approved representative of the Municipalidad de Valparaíso."""
    user_model = get_user_model()
    user = user_model.objects.filter(email=REPRESENTATIVE_EMAIL).first()
    if user is None:
        user = user_model.objects.create_user(
            REPRESENTATIVE_EMAIL, REPRESENTATIVE_PASSWORD, full_name="Camila Valdés Rojas"
        )
    person = Person.objects.filter(user=user).first() or create_person(
        first_name="Camila",
        last_name="Valdés Rojas",
        email=REPRESENTATIVE_EMAIL,
        commune=Commune.objects.get(cut=VALPARAISO_CUT),
        expertise=["digital-government", "data", "participation"],
        gender="female",
        public_profile=True,
        bio="Encargada de innovación municipal; coordina los proyectos de ciudad inteligente de Valparaíso.",
        user=user,
    )
    municipality = Organisation.objects.get(
        kind=OrganisationKind.MUNICIPALITY, commune__cut=VALPARAISO_CUT, name="Municipalidad de Valparaíso"
    )
    add_membership(
        person=person,
        organisation=municipality,
        role=Membership.Role.REPRESENTATIVE,
        position="Encargada de Innovación",
        status=Membership.Status.APPROVED,
    )


def seed(*, rng: random.Random, scale: int, stdout=None) -> dict[str, int]:
    """Build the directory; does nothing when the municipalities already exist (seeding is once only)."""
    if Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).exists():
        return {"organisations": 0, "people": 0}
    seeder = _Seeder(rng=rng, scale=scale)
    seeder.seed_government()
    seeder.seed_academia()
    seeder.seed_companies()
    seeder.seed_civil_society()
    seeder.seed_international()
    seeder.flush_orgs()
    people, memberships = seeder.seed_people()
    agreements = seeder.seed_agreements()
    seed_representative()
    return {
        "organisations": len(seeder.orgs),
        "people": people + 1,
        "memberships": memberships + 1,
        "agreements": agreements,
    }
