import factory
from django.utils.text import slugify

from helix.core.text import fold
from helix.network.models import Agreement, Membership, Organisation, Person, Topic
from helix.network.models.organisations import KIND_SECTOR, OrganisationKind
from helix.territory.models import Commune


def topic(code: str) -> Topic:
    """Topics come from the taxonomy data migration; fetch one by code."""
    return Topic.objects.get(code=code)


def commune(cut: int = 5101) -> Commune:
    """Communes come from the territory data migration (5101 = Valparaíso)."""
    return Commune.objects.select_related("region").get(cut=cut)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organización Prueba {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    normalized_name = factory.LazyAttribute(lambda o: fold(o.name))
    kind = OrganisationKind.SME
    sector = factory.LazyAttribute(lambda o: KIND_SECTOR[o.kind])
    commune = factory.LazyFunction(commune)
    region = factory.LazyAttribute(lambda o: o.commune.region if o.commune else None)
    description = "Empresa de pruebas."
    search_text = factory.LazyAttribute(lambda o: fold(f"{o.name} {o.description}"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="es_CL")
    last_name = factory.Faker("last_name", locale="es_CL")
    email = factory.Sequence(lambda n: f"person{n}@example.cl")
    public_profile = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.REPRESENTATIVE
    status = Membership.Status.APPROVED
    position = "Encargada de innovación"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Convenio {n}")

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


def representative_user(organisation):
    """A user (with a directory profile, same e-mail) who is an approved representative of `organisation`."""
    from .accounts import UserFactory

    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user, email=user.email), organisation=organisation)
    return user
