from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from . import recovery_codes


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. Signs in with its e-mail; the directory record is `network.Person`."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    language = models.CharField(_("language"), max_length=10, default="es-cl")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]


# Two-factor recovery codes (issue 11): stored hashed, shown once, each accepted once. A django-otp device,
# so signing in with a code marks the session verified like the authenticator app does.
class RecoveryCodes(TimestampMixin, ThrottlingMixin, Device):
    """A person's set of recovery codes (at most one, confirmed); its codes are ``RecoveryCode`` rows."""

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        """Accept an unused code and spend it (deleted); a wrong code throttles the device."""
        allowed, _why = self.verify_is_allowed()
        if not allowed:
            return False
        candidates = self.codes.filter(lookup=recovery_codes.lookup(token))
        match = next((c for c in candidates if recovery_codes.matches(token, c.code_hash)), None)
        # The delete decides: of two requests with the same code, only one deletes the row.
        if match is not None and RecoveryCode.objects.filter(pk=match.pk).delete()[0]:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    lookup = models.CharField(max_length=8, db_index=True)  # the code's first characters (recovery_codes.py)
    code_hash = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.lookup}…"  # never the code: only its hash is stored
