"""Background work for certificates (Django Tasks): takes primary keys, delegates to the domain."""

from django.tasks import task

from . import domain


@task
def email_certificate(certificate_id: int) -> bool:
    return domain.send_certificate_email(certificate_id=certificate_id)
