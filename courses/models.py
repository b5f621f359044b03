"""What trainers author: the plan's goals, the catalogue, courses, lessons and quizzes.

Nothing here knows about learners: enrolment, progress and completion live in
``enrollments``, which reaches these pages through Wagtail hooks and template tags.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.models import RestrictedInOneQuery, without_restricted_children
from lms.models import OrganisationalUnit
from lms.storage import private_storage

from .blocks import LessonBodyBlock, QuizQuestionsBlock

# --- The plan ---------------------------------------------------------------------------------


class PlanAxis(models.Model):
    """One of the plan's axes (eixos): São Paulo's plan has 8."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("plan axis")
        verbose_name_plural = _("plan axes")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MigraCidadesDimension(models.Model):
    """A dimension of the MigraCidades certification, as named in one edition (year)."""

    edition_year = models.PositiveSmallIntegerField(_("edition year"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["-edition_year", "number"]
        verbose_name = _("MigraCidades dimension")
        verbose_name_plural = _("MigraCidades dimensions")
        constraints = [
            models.UniqueConstraint(
                fields=["edition_year", "number"], name="courses_dimension_edition_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_year} · {self.number}. {self.name}"


class PlanGoal(ClusterableModel):
    """A goal of the plan of the form "train N agents in area X"."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("For example M07."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    axis = models.ForeignKey(
        PlanAxis, verbose_name=_("axis"), on_delete=models.PROTECT, related_name="goals"
    )
    action_numbers = models.CharField(
        _("plan action numbers"),
        max_length=100,
        blank=True,
        help_text=_("The plan's actions this goal belongs to, e.g. 68, 70."),
    )
    responsible_unit = models.ForeignKey(
        "lms.OrganisationalUnit",
        verbose_name=_("responsible secretariat"),
        on_delete=models.PROTECT,
        related_name="plan_goals",
    )
    baseline = models.PositiveIntegerField(_("baseline"), default=0)
    target = models.PositiveIntegerField(
        _("target"), help_text=_("Number of distinct agents to train.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    dimensions = ParentalManyToManyField(
        MigraCidadesDimension,
        verbose_name=_("MigraCidades dimensions"),
        blank=True,
        related_name="plan_goals",
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("axis")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("action_numbers"), FieldPanel("responsible_unit")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("target")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("dimensions", widget=forms.CheckboxSelectMultiple),
        InlinePanel("secretariat_targets", label=_("Target split by secretariat")),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date comes before the start date.")})

    @property
    def dimensions_label(self) -> str:
        return ", ".join(str(d.number) for d in self.dimensions.all())


class PlanGoalSecretariatTarget(Orderable):
    """Part of a goal's target assigned to one secretariat."""

    goal = ParentalKey(PlanGoal, on_delete=models.CASCADE, related_name="secretariat_targets")
    secretariat = models.ForeignKey(
        "lms.OrganisationalUnit",
        verbose_name=_("secretariat"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target = models.PositiveIntegerField(_("target"))

    panels = [FieldPanel("secretariat"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("secretariat target")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "secretariat"], name="courses_goal_secretariat_unique"
            )
        ]


# --- Certificate templates ------------------------------------------------------------------


CERTIFICATE_PLACEHOLDERS = ("name", "course", "hours", "date", "goal")
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
_HEX_COLOUR = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", _("Use a colour in the form #RRGGBB, for example #1B4F72.")
)


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """``text`` with its placeholders replaced; other text is left exactly as written."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


class CertificateTemplate(ClusterableModel):
    """How a course's certificate reads and looks; administrators edit it, a course picks it.

    The body is plain text with placeholders ({name}, {course}, {hours}, {date}, {goal})
    that ``fill`` replaces; any other word in braces is refused when the template is saved.
    """

    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("For administrators only.")
    )
    title = models.CharField(
        _("title on the certificate"), max_length=120, default="Certificado de conclusão"
    )
    body = models.TextField(
        _("body text"),
        help_text=_(
            "Placeholders: {name} (the person's name), {course}, {hours}, {date} (completion "
            "date) and {goal} (the plan goals the course feeds). A blank line starts a new "
            "paragraph."
        ),
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the organisation name in the site settings."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#1B4F72", validators=[_HEX_COLOUR]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#C8A200", validators=[_HEX_COLOUR]
    )
    is_default = models.BooleanField(
        _("default template"),
        default=False,
        help_text=_("Used by every course that does not pick a template."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("is_default")]),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("issuing_body"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
        InlinePanel("signatories", label=_("Signatories"), max_num=3),
    ]

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="courses_one_default_certificate_template",
                violation_error_message=_("Another template is already the default."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        unknown = sorted(set(_PLACEHOLDER.findall(self.body or "")) - set(CERTIFICATE_PLACEHOLDERS))
        if unknown:
            raise ValidationError(
                {
                    "body": _("Unknown placeholders: %(unknown)s. Use only %(known)s.")
                    % {
                        "unknown": ", ".join(f"{{{word}}}" for word in unknown),
                        "known": ", ".join(f"{{{word}}}" for word in CERTIFICATE_PLACEHOLDERS),
                    }
                }
            )

    def fill(self, values: dict[str, str]) -> str:
        return fill_placeholders(self.body, values)

    @classmethod
    def default(cls) -> CertificateTemplate | None:
        return cls.objects.filter(is_default=True).first() or cls.objects.order_by("pk").first()


def signature_path(instance: CertificateSignatory, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"signatures/{uuid.uuid4().hex}.{extension}"


def validate_signature_size(file) -> None:
    if file.size > 2 * 1024 * 1024:
        raise ValidationError(_("The signature image is larger than 2 MB."))


class CertificateSignatory(Orderable):
    """Someone who signs a template's certificates (up to three)."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=200)
    # A scanned signature is not public content: it lives in the private storage (a Wagtail
    # image would be served to anyone under /media/) and only ever appears inside PDFs.
    signature = models.FileField(
        _("signature image"),
        storage=private_storage,
        upload_to=signature_path,
        blank=True,
        max_length=200,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_signature_size],
        help_text=_(
            "Optional: a scanned signature as PNG (ideally with a transparent background) or "
            "JPEG, up to 2 MB. It is kept private and appears only on certificates."
        ),
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]), FieldPanel("signature")]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name} – {self.role}"


# --- The catalogue ------------------------------------------------------------------------------


class Modality(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    BLENDED = "blended", _("Blended")


class CourseLanguage(models.TextChoices):
    PT_BR = "pt-br", _("Portuguese")
    ES = "es", _("Spanish")
    EN = "en", _("English")


_UNSEARCHABLE = re.compile(r'[\x00-\x1f\x7f"]')


@dataclass(frozen=True)
class CatalogueFilters:
    """What a visitor asked the catalogue for, already checked against what exists."""

    query: str = ""
    topic: str = ""
    goal: str = ""
    modality: str = ""
    language: str = ""
    audience: int | None = None

    @classmethod
    def from_query_dict(cls, data) -> CatalogueFilters:
        def text(name: str, limit: int) -> str:
            # Control characters (NUL breaks PostgreSQL) and quotes (search syntax) go.
            return _UNSEARCHABLE.sub(" ", data.get(name, "")).strip()[:limit]

        audience = data.get("audience", "")
        return cls(
            query=text("q", 200),
            topic=text("topic", 100),
            goal=text("goal", 20),
            modality=data.get("modality", "") if data.get("modality") in Modality.values else "",
            language=(
                data.get("language", "") if data.get("language") in CourseLanguage.values else ""
            ),
            audience=int(audience) if audience.isascii() and audience.isdecimal() else None,
        )

    @property
    def active(self) -> bool:
        return any([self.query, self.topic, self.goal, self.modality, self.language, self.audience])


class CourseIndexPage(RestrictedInOneQuery, Page):
    """The catalogue: every published course, with filters and search."""

    introduction = models.TextField(_("introduction"), blank=True)
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def courses(self, filters: CatalogueFilters):
        courses = (
            without_restricted_children(CoursePage.objects.live().child_of(self), self)
            .select_related("cover_image")
            .prefetch_related("plan_goals", "tagged_items__tag")
            .order_by("title")
        )
        if filters.topic:
            courses = courses.filter(tags__slug=filters.topic)
        if filters.goal:
            courses = courses.filter(plan_goals__code=filters.goal)
        if filters.modality:
            courses = courses.filter(modality=filters.modality)
        if filters.language:
            courses = courses.filter(language=filters.language)
        if filters.audience:
            courses = courses.filter(audience_secretariats=filters.audience)
        if filters.query:
            matches = CoursePage.objects.live().child_of(self).search(filters.query)
            courses = courses.filter(pk__in=[page.pk for page in matches])
        return courses.distinct()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = CatalogueFilters.from_query_dict(request.GET)
        paginator = Paginator(self.courses(filters), self.per_page)
        page_number = request.GET.get("page", "1")
        context.update(
            filters=filters,
            courses_page=paginator.get_page(page_number),
            topics=Tag.objects.filter(courses_coursetopic_items__content_object__live=True)
            .distinct()
            .order_by("name"),
            goals=PlanGoal.objects.all(),
            modalities=Modality.choices,
            languages=CourseLanguage.choices,
            secretariats=OrganisationalUnit.objects.secretariats(),
        )
        querystring = request.GET.copy()
        querystring.pop("page", None)
        context["filter_querystring"] = querystring.urlencode()
        return context


class CourseTopic(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CoursePage(RestrictedInOneQuery, Page):
    """A course: what it teaches, to whom, how it is completed, and which goals it feeds."""

    summary = models.TextField(_("summary"), max_length=600)
    learning_objectives = RichTextField(
        _("learning objectives"), features=["ul", "ol", "bold", "italic"], blank=True
    )
    audience_secretariats = ParentalManyToManyField(
        "lms.OrganisationalUnit",
        verbose_name=_("audience: secretariats"),
        blank=True,
        related_name="+",
        limit_choices_to={"depth": 1},
    )
    audience_job_titles = models.CharField(_("audience: job titles"), max_length=300, blank=True)
    workload_hours = models.DecimalField(
        _("workload (hours)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    modality = models.CharField(
        _("modality"), max_length=20, choices=Modality.choices, default=Modality.ONLINE
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=CourseLanguage.choices,
        default=CourseLanguage.PT_BR,
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt_text = models.CharField(
        _("cover image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    tags = ClusterTaggableManager(verbose_name=_("topics"), through=CourseTopic, blank=True)
    plan_goals = ParentalManyToManyField(
        PlanGoal, verbose_name=_("plan goals it feeds"), blank=True, related_name="courses"
    )
    enrolment_opens = models.DateField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes = models.DateField(_("enrolment closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the certificate does not expire."),
    )
    min_quiz_score = models.PositiveSmallIntegerField(
        _("minimum quiz score (%)"),
        default=70,
        validators=[MaxValueValidator(100)],
    )
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=75,
        validators=[MaxValueValidator(100)],
        help_text=_("For in-person and blended courses."),
    )
    certificate_template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("certificate template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        help_text=_("Empty: the default template."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        MultiFieldPanel(
            [
                FieldPanel("cover_image"),
                FieldPanel("cover_alt_text"),
            ],
            heading=_("Cover"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience_secretariats", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audience_job_titles"),
            ],
            heading=_("Audience"),
        ),
        FieldRowPanel(
            [FieldPanel("workload_hours"), FieldPanel("modality"), FieldPanel("language")]
        ),
        FieldPanel("tags"),
        FieldPanel("plan_goals", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("enrolment_opens"), FieldPanel("enrolment_closes")]),
                FieldPanel("capacity"),
            ],
            heading=_("Enrolment"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_quiz_score"), FieldPanel("min_attendance")]),
                FieldPanel("certificate_validity_months"),
                FieldPanel("certificate_template", widget=forms.Select),
            ],
            heading=_("Completion rule and certificate"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_objectives"),
        index.SearchField("audience_job_titles"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("modality"),
        index.FilterField("language"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.cover_image and not self.cover_alt_text.strip():
            errors["cover_alt_text"] = _("A cover image needs its alternative text.")
        if (
            self.enrolment_opens
            and self.enrolment_closes
            and self.enrolment_closes < self.enrolment_opens
        ):
            errors["enrolment_closes"] = _("Enrolment closes before it opens.")
        if errors:
            raise ValidationError(errors)

    def steps(self) -> list[Page]:
        """Lessons and quizzes in the order the trainer arranged them (one query)."""
        return list(
            Page.objects.child_of(self)
            .live()
            .type(LessonPage, QuizPage)
            .specific()
            .order_by("path")
        )

    def enrolment_is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        if self.enrolment_opens and today < self.enrolment_opens:
            return False
        return not (self.enrolment_closes and today > self.enrolment_closes)

    @property
    def completes_online(self) -> bool:
        """Online courses complete here; in-person and blended ones need class attendance."""
        return self.modality == Modality.ONLINE

    @property
    def enrols_online(self) -> bool:
        """Online and blended courses take enrolments here; in-person ones through a class."""
        return self.modality != Modality.IN_PERSON


class CourseStep:
    """What lessons and quizzes share: the course they belong to."""

    @cached_property
    def course(self) -> CoursePage:
        """The parent course, as its own type, in one query (``get_parent().specific``
        takes two)."""
        return CoursePage.objects.get(path=self.path[: -self.steplen])


class LessonPage(CourseStep, RestrictedInOneQuery, Page):
    """One lesson of a course."""

    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Required lessons must be read to complete.")
    )

    content_panels = [*Page.content_panels, FieldPanel("body"), FieldPanel("required")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")


class QuizPage(CourseStep, RestrictedInOneQuery, Page):
    """A quiz, graded on the server; correct answers never reach the browser beforehand."""

    introduction = models.TextField(_("introduction"), blank=True)
    questions = StreamField(QuizQuestionsBlock(), verbose_name=_("questions"))
    attempts_limit = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0 means no limit.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle answers"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("questions"),
        FieldRowPanel(
            [
                FieldPanel("attempts_limit"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
            ]
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def question_list(self) -> list[dict]:
        """Questions as plain data keyed by the stable block ids the form posts back."""
        return [
            {
                "id": block.id,
                "text": block.value["text"],
                "kind": block.value["kind"],
                "explanation": block.value["explanation"],
                "choices": [
                    {
                        "id": choice.id,
                        "text": choice.value["text"],
                        "correct": choice.value["correct"],
                        "feedback": choice.value["feedback"],
                    }
                    for choice in block.value["choices"].bound_blocks
                ],
            }
            for block in self.questions
        ]

    def questions_for_form(self, seed: int) -> list[dict]:
        """What the browser may see: texts and ids only, shuffled as configured."""
        rng = random.Random(seed)
        questions = [
            {
                "id": q["id"],
                "text": q["text"],
                "multiple": q["kind"] == "multiple",
                "choices": [{"id": c["id"], "text": c["text"]} for c in q["choices"]],
            }
            for q in self.question_list()
        ]
        if self.shuffle_questions:
            rng.shuffle(questions)
        if self.shuffle_choices:
            for question in questions:
                rng.shuffle(question["choices"])
        return questions
