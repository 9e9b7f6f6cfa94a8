import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")
application = get_wsgi_application()

# Never serve with DEBUG off on the published demo key (issue 11 row 5).
from helix.core.checks import refuse_demo_key  # noqa: E402

refuse_demo_key()
