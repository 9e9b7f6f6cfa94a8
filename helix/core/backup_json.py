"""Django's JSON serializer, keeping datetimes' microseconds (Django's encoder cuts them to milliseconds).

A restore must bring every timestamp back exactly (ordering by ``created_at``, audit events). The
output is ordinary fixture JSON, read back by Django's own JSON deserializer.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and not (isinstance(o, datetime.time) and o.utcoffset()):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = django_json.Deserializer
