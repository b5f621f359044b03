"""People and organisation: the custom user, organisational units and territories."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from .storage import private_storage


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

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The names of this person's groups (their roles), read once per loaded account."""
        return frozenset(self.groups.values_list("name", flat=True))

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()
        self.registration_number = self.registration_number.strip()


def person_import_path(instance: PersonImport, filename: str) -> str:
    import uuid

    from django.utils import timezone

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "csv"
    return f"person-imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension[:5]}"


class PersonImport(models.Model):
    """A list of people from HR, checked (preview) and then applied in the background.

    ``lms.people_import`` holds the journey; the rows' outcomes are ``PersonImportRow``s.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be checked")
        VALIDATING = "validating", _("Checking")
        VALIDATED = "validated", _("Checked: waiting for confirmation")
        APPLYING = "applying", _("Importing")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Failed")

    uploaded_by = models.ForeignKey(
        "lms.User",
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=person_import_path,
        max_length=200,
    )
    original_filename = models.CharField(_("file name"), max_length=255)
    send_invitations = models.BooleanField(_("send invitations to new people"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    error = models.TextField(_("error"), blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("people created"), default=0)
    updated_count = models.PositiveIntegerField(_("people updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("people unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    invited_count = models.PositiveIntegerField(_("invitations sent"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    validated_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of people")
        verbose_name_plural = _("imports of people")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_filename

    @property
    def is_running(self) -> bool:
        return self.status in {
            self.Status.UPLOADED,
            self.Status.VALIDATING,
            self.Status.APPLYING,
        }


class PersonImportRow(models.Model):
    """What one line of an import does (or would do): its changes and its errors.

    ``changes`` is ``{field: [before, after]}`` as shown (a unit's label, a territory's
    name); ``errors`` and ``warnings`` are ``[{"code": …, "params": {…}}]``, worded when shown
    (``lms.people_import.row_messages``) so they read in the viewer's language.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        UNCHANGED = "unchanged", _("Unchanged")
        ERROR = "error", _("Error")

    person_import = models.ForeignKey(
        PersonImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rows"
    )
    line = models.PositiveIntegerField(_("line"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    email = models.CharField(_("e-mail address"), max_length=300, blank=True)
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    person = models.ForeignKey(
        "lms.User",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["person_import", "line"]
        indexes = [
            models.Index(fields=["person_import", "line"], name="lms_import_row_line"),
            models.Index(fields=["person_import", "action", "line"], name="lms_import_row_action"),
        ]

    def __str__(self) -> str:
        return f"{self.person_import_id}:{self.line}"


class AuditEvent(models.Model):
    """One export or view of personal data, or one change to what the plan's figures count
    (a goal, a course's publication, a class closed, a certificate's life, people imported or
    enrolled): who, when, what, from where, and the change's before and after. Append-only
    (``lms.services.audit_record`` writes it; nothing edits it); Administrators read it in the
    back office (``lms.admin_views.AuditIndexView``).

    Kept minimal, since the log is personal data about staff too (LGPD art. 37): the actor's
    e-mail at the time (``actor_label``, so that the record survives the account), never the
    names of the people whose data was seen; a person's own actions (their data download,
    their account deletion) carry no label, and their IP address goes with the account.
    """

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        PERSONAL_DATA_VIEW = "personal_data_view", _("View of personal data")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
        CERTIFICATE_REISSUED = "certificate_reissued", _("Certificate reissued")
        PEOPLE_IMPORT_APPLIED = "people_import_applied", _("Import of people confirmed")
        OWN_DATA_DOWNLOAD = "own_data_download", _("Person downloaded their own data")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted by its owner")
        PEOPLE_SEARCH = "people_search", _("Search for people")
        CLASS_PERSON_ADDED = "class_person_added", _("Person placed in a class")
        CLASS_PERSON_REMOVED = "class_person_removed", _("Person removed from a class")
        CLASS_CLOSED = "class_closed", _("Class closed")
        BULK_ENROLMENT_APPLIED = "bulk_enrolment_applied", _("Bulk enrolment confirmed")
        PLAN_GOAL_CHANGED = "plan_goal_changed", _("Plan goal created, changed or deleted")
        COURSE_PUBLISHED = "course_published", _("Course published")
        COURSE_UNPUBLISHED = "course_unpublished", _("Course unpublished")
        PERSON_ACCOUNT_CHANGED = (
            "person_account_changed",
            _("Person's account created, changed or deleted"),
        )

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "lms.User",
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who (at the time)"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    description = models.CharField(_("what"), max_length=300, blank=True)
    scope = models.JSONField(_("scope and filters"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # What a change did, field by field: ``{field: [before, after]}`` (see lms.audit).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "-at"], name="lms_audit_action_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.description}"

    def save(self, *args, **kwargs):
        # A log that can be rewritten proves nothing.
        if not self._state.adding:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
