"""The database cache of the API's rate-limit counters, with a one-statement ``set``.

Django's DatabaseCache writes in up to five round trips (count the rows for culling, begin, read the key,
update or insert, commit). A throttle writes on every API call, so here ``set`` is one upsert
(``INSERT … ON CONFLICT … DO UPDATE``, PostgreSQL and SQLite) and the expired rows are swept now and
then instead of counted on each write. Reads, the table and the values are Django's own.
"""

import base64
import pickle
import random
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

SWEEP_EVERY = 200  # one write in this many also deletes the expired rows


class ThrottleCache(DatabaseCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        connection = connections[router.db_for_write(self.cache_model_class)]
        if connection.vendor not in ("postgresql", "sqlite"):
            return super().set(key, value, timeout, version)
        quote = connection.ops.quote_name
        table = quote(self._table)
        expires = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        key_col, value_col, expires_col = quote("cache_key"), quote("value"), quote("expires")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key_col}, {value_col}, {expires_col}) VALUES (%s, %s, %s) "
                f"ON CONFLICT ({key_col}) DO UPDATE SET {value_col} = EXCLUDED.{value_col}, "
                f"{expires_col} = EXCLUDED.{expires_col}",
                [key, encoded, expires],
            )
            if random.randrange(SWEEP_EVERY) == 0:  # noqa: S311 - not for security
                now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
                cursor.execute(f"DELETE FROM {table} WHERE {expires_col} < %s", [now])
