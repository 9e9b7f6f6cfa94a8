"""Factories for the matching app. Rows written directly; tests that need matches call the domain."""

import factory

from helix.core.text import fold
from helix.matching.domain.records import CHALLENGES, SOLUTIONS, bump_clock
from helix.matching.models import Challenge, Solution

from .network import OrganisationFactory, commune


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind="municipality")
    title = factory.Sequence(lambda n: f"Desafío municipal {n}")
    description = "Los vecinos reclaman por la basura acumulada en las calles y microbasurales."
    commune = factory.LazyFunction(commune)
    region = factory.LazyAttribute(lambda o: o.commune.region if o.commune else None)
    status = Challenge.Status.OPEN
    visibility = Challenge.Visibility.PUBLIC
    search_text = factory.LazyAttribute(lambda o: fold(f"{o.title} {o.description}"))
    # Stamp like a domain write, so process indexes see factory rows (matches are not computed).
    index_version = factory.LazyFunction(lambda: bump_clock(CHALLENGES))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution
        skip_postgeneration_save = True

    provider = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Solución tecnológica {n}")
    description = "Plataforma de gestión de residuos con sensores de llenado en contenedores."
    language = Solution.Language.SPANISH
    all_chile = True
    maturity = Solution.Maturity.PILOT
    status = Solution.Status.PUBLISHED
    search_text = factory.LazyAttribute(lambda o: fold(f"{o.title} {o.description}"))
    index_version = factory.LazyFunction(lambda: bump_clock(SOLUTIONS))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)
