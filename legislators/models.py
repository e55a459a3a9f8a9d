from django.db import models
from django.utils.translation import gettext_lazy as _


class ZipDistrict(models.Model):
    """One row of the ZCTA -> congressional district table (119th Congress).

    A ZIP code that spans several districts, or two states, has several rows.
    District 0 means the state's single at-large seat.
    """

    zcta = models.CharField(_("ZIP code"), max_length=5, db_index=True)
    state_fips = models.CharField(_("state FIPS code"), max_length=2)
    state = models.CharField(_("state"), max_length=2)
    district = models.PositiveSmallIntegerField(_("district"))

    class Meta:
        verbose_name = _("ZIP code district")
        verbose_name_plural = _("ZIP code districts")
        ordering = ["zcta", "state", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=["zcta", "state", "district"], name="zipdistrict_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zcta} → {self.state}-{self.district:02d}"
