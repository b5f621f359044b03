"""People and organisation: the custom user, organisational units and territories."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class Territory(models.Model):
    """One of the city's territories (in São Paulo, the 32 subprefeituras)."""

    class Zone(models.TextChoices):
        CENTRO = "centro", _("Central")
        NORTE = "norte", _("North")
        SUL = "sul", _("South")
        LESTE = "leste", _("East")
        OESTE = "oeste", _("West")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name


class OrganisationalUnitQuerySet(MP_NodeQuerySet):
    def subtree(self, unit: OrganisationalUnit) -> OrganisationalUnitQuerySet:
        """The unit and everything under it: a prefix filter on the materialised path."""
        return self.filter(path__startswith=unit.path)

    def secretariats(self) -> OrganisationalUnitQuerySet:
        return self.filter(depth=1)


class OrganisationalUnitManager(MP_NodeManager.from_queryset(OrganisationalUnitQuerySet)):
    def get_queryset(self) -> OrganisationalUnitQuerySet:
        return OrganisationalUnitQuerySet(self.model, using=self._db).order_by("path")


class OrganisationalUnit(MP_Node):
    """A body of the city: a secretariat, a department under it, or a unit that serves people.

    The tree is a materialised path (django-treebeard, which Wagtail already uses), so
    "this unit and everything under it" is ``path__startswith``. Create units with
    ``add_root`` / ``add_child``, never with a bare ``save()``.
    """

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        DEPARTMENT = "department", _("Department")
        UNIT = "unit", _("Service unit")

    acronym = models.CharField(_("acronym"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UNIT)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        help_text=_("Where the unit is, when it serves one territory."),
    )

    # No node_order_by: siblings keep the order they were added in, so a unit's path never
    # changes when another is added (sorted insertion would renumber its siblings).
    objects = OrganisationalUnitManager()

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        constraints = [
            models.UniqueConstraint(fields=["acronym", "name"], name="lms_unit_acronym_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.acronym} – {self.name}" if self.name != self.acronym else self.acronym

    @property
    def indented_label(self) -> str:
        """The label with one step of indentation per level, for select boxes."""
        return "\u2003" * (self.depth - 1) + str(self)

    def secretariat(self) -> OrganisationalUnit:
        """The top of this unit's branch."""
        if self.depth == 1:
            return self
        return OrganisationalUnit.objects.get(path=self.path[: self.steplen])


class UserQuerySet(models.QuerySet):
    def in_unit_subtree(self, unit: OrganisationalUnit) -> UserQuerySet:
        return self.filter(unit__path__startswith=unit.path)


REGISTRATION_NUMBER_TAKEN = _("Another person already has this registration number.")


class CapacitaUserManager(UserManager.from_queryset(UserQuerySet)):
    """Users log in by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A public servant (or anyone with an account): the login is the e-mail address.

    ``display_name`` is the one name to show anywhere: the social name when the person has
    one, else the full name.
    """

    username = None
    first_name = None
    last_name = None

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    social_name = models.CharField(
        _("social name"),
        max_length=200,
        blank=True,
        help_text=_(
            "The name you use and want to be called by. When filled in, it replaces the full "
            "name on every screen, list and certificate."
        ),
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=30,
        blank=True,
        help_text=_("Your servant registration number (matrícula), if you have one."),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("organisational unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    managed_unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("managed unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managers",
        help_text=_(
            "For managers: the unit whose figures and people they may see, with everything "
            "under it. Empty means the whole city."
        ),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = CapacitaUserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]
        constraints = [
            # E-mail addresses are one person whatever their case.
            models.UniqueConstraint(
                Lower("email"),
                name="lms_user_email_ci_unique",
                violation_error_message=_("Another person already uses this e-mail address."),
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="lms_user_registration_number_unique",
                violation_error_message=REGISTRATION_NUMBER_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.social_name or self.full_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0]

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()
        self.registration_number = self.registration_number.strip()
