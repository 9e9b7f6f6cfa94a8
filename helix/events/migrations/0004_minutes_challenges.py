"""The challenges discussed at a round table become a many-to-many relation to matching's challenges
(the old id list is copied over; ids of challenges that no longer exist are dropped)."""

from django.db import migrations, models


def copy_links(apps, schema_editor):
    Minutes = apps.get_model("events", "Minutes")
    Challenge = apps.get_model("matching", "Challenge")
    existing = set(Challenge.objects.values_list("pk", flat=True))
    Link = Minutes.challenges.through
    links = []
    for pk, ids in Minutes.objects.values_list("pk", "legacy_challenge_ids"):
        for cid in {int(i) for i in ids or [] if str(i).isdigit()} & existing:
            links.append(Link(minutes_id=pk, challenge_id=cid))
    Link.objects.bulk_create(links, batch_size=1000)


def copy_back(apps, schema_editor):
    Minutes = apps.get_model("events", "Minutes")
    for minutes in Minutes.objects.prefetch_related("challenges"):
        minutes.legacy_challenge_ids = sorted(c.pk for c in minutes.challenges.all())
        minutes.save(update_fields=["legacy_challenge_ids"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_remove_registration_registration_event_status_and_more"),
        ("matching", "0002_thesaurus"),
    ]

    operations = [
        migrations.RenameField("minutes", "challenge_ids", "legacy_challenge_ids"),
        migrations.AddField(
            model_name="minutes",
            name="challenges",
            field=models.ManyToManyField(
                blank=True, related_name="minutes", to="matching.challenge", verbose_name="challenges discussed"
            ),
        ),
        migrations.RunPython(copy_links, copy_back),
        migrations.RemoveField("minutes", "legacy_challenge_ids"),
    ]
