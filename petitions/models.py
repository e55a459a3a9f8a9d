from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def normalise_email(email: str) -> str:
    """The key a supporter is stored under: surrounding spaces dropped, case folded."""
    return email.strip().lower()


class SupporterQuerySet(models.QuerySet):
    def for_email(self, email: str) -> "SupporterQuerySet":
        return self.filter(email=normalise_email(email))


class Supporter(models.Model):
    """One person, whatever they did: signed, wrote, registered or joined the list."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=5, blank=True)
    country = models.CharField(_("country"), max_length=2, default="US")
    state = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    district = models.PositiveSmallIntegerField(_("district"), null=True, blank=True)
    list_opt_in = models.BooleanField(_("joined the email list"), default=False)
    list_opt_in_at = models.DateTimeField(_("joined the list at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="supporter_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
