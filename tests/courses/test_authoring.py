"""Trainers author in the Wagtail admin, under the catalogue only, through approval."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    PlanAxis,
    PlanGoal,
    QuizPage,
)
from home.models import HomePage
from lms.mfa import mfa_totp_activate
from lms.models import OrganisationalUnit
from lms.roles import Role
from tests.conftest import TOTP_SECRET


def list_block(items):
    """ListBlock form data (Wagtail's test helpers cover StreamFields only)."""
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


class TestPageTree(WagtailPageTestCase):
    def test_where_pages_may_be_created(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage, QuizPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})

    def test_course_lesson_and_quiz_created_through_the_admin_forms(self):
        # Wagtail's test superuser, with the authenticator app every superuser must have.
        mfa_totp_activate(user=self.login(), secret=TOTP_SECRET)
        catalogue = CourseIndexPage.objects.get()
        self.assertCanCreate(
            catalogue,
            CoursePage,
            nested_form_data(
                {
                    "title": "Acolhimento na UBS",
                    "slug": "acolhimento-na-ubs",
                    "summary": "Como acolher imigrantes na Atenção Básica.",
                    "learning_objectives": rich_text("<ul><li>Acolher</li></ul>"),
                    "workload_hours": "8",
                    "modality": "online",
                    "language": "pt-br",
                    "min_quiz_score": "70",
                    "min_attendance": "75",
                    "tags": "saúde, acolhimento",
                }
            ),
        )
        course = CoursePage.objects.get(slug="acolhimento-na-ubs")
        self.assertCanCreate(
            course,
            LessonPage,
            nested_form_data(
                {
                    "title": "O SUS é universal",
                    "slug": "sus-universal",
                    "required": "on",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Direito à saúde", "level": "h2"}),
                            ("paragraph", rich_text("<p>Todas as pessoas têm direito ao SUS.</p>")),
                            (
                                "video",
                                {
                                    "url": "https://video.example/1",
                                    "title": "Acolhimento",
                                    "transcript": rich_text("<p>Transcrição.</p>"),
                                    "captions_url": "",
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        self.assertCanCreate(
            course,
            QuizPage,
            nested_form_data(
                {
                    "title": "Questionário",
                    "slug": "questionario",
                    "attempts_limit": "3",
                    "shuffle_choices": "on",
                    "questions": streamfield(
                        [
                            (
                                "question",
                                {
                                    "text": "O SUS atende imigrantes sem documentos?",
                                    "kind": "single",
                                    "choices": list_block(
                                        [
                                            {"text": "Sim", "correct": "on", "feedback": "Isso."},
                                            {"text": "Não", "feedback": "O SUS é universal."},
                                        ]
                                    ),
                                    "explanation": "A saúde é direito de todos.",
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        quiz = QuizPage.objects.get(slug="questionario")
        assert quiz.question_list()[0]["choices"][0]["correct"] is True


@pytest.mark.django_db
def test_video_without_transcript_or_captions_is_refused():
    from wagtail.blocks import StructBlockValidationError

    from courses.blocks import VideoBlock

    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"url": "https://video.example/1", "title": "Sem legenda"}))


@pytest.mark.django_db
def test_single_answer_question_needs_exactly_one_correct_choice():
    from wagtail.blocks import StructBlockValidationError

    from courses.blocks import QuestionBlock

    block = QuestionBlock()
    value = block.to_python(
        {
            "text": "?",
            "kind": "single",
            "explanation": "",
            "choices": [
                {"text": "a", "correct": True, "feedback": ""},
                {"text": "b", "correct": True, "feedback": ""},
            ],
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_trainer_adds_courses_under_the_catalogue_only(client, make_person):
    client.force_login(make_person(role=Role.TRAINER))
    catalogue = CourseIndexPage.objects.get()
    home = HomePage.objects.get()
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk])
    )
    assert response.status_code == HTTPStatus.OK
    response = client.get(reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk]))
    assert response.status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}


@pytest.mark.django_db
def test_trainer_cannot_publish_but_submits_for_approval(client, make_person, make_course):
    course = make_course()
    trainer = make_person(role=Role.TRAINER)
    client.force_login(trainer)
    edit_url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    page = client.get(edit_url).content.decode()
    assert "action-publish" not in page
    assert "action-submit" in page

    administrator = make_person(role=Role.ADMINISTRATOR)
    assert course.permissions_for_user(administrator).can_publish()
    assert not course.permissions_for_user(trainer).can_publish()
    assert catalogue_workflow_named("Aprovação para publicação")


def catalogue_workflow_named(name: str) -> bool:
    workflow = CourseIndexPage.objects.get().get_workflow()
    return workflow is not None and workflow.name == name


@pytest.mark.django_db
def test_drafts_are_previewable(client, make_person, make_course):
    course = make_course()
    client.force_login(make_person(role=Role.TRAINER))
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[course.pk]))
    assert response.status_code == HTTPStatus.OK
    assert course.title in response.content.decode()


@pytest.mark.django_db
def test_administrators_edit_plan_goals_and_trainers_do_not(client, make_person, organisation):
    axis = PlanAxis.objects.create(number=8, title="Acesso à saúde integral")
    goal = PlanGoal.objects.create(
        code="M01",
        title="Formar agentes da saúde",
        axis=axis,
        responsible_unit=organisation["sms"],
        target=2000,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    index = reverse("wagtailsnippets_courses_plangoal:list")
    client.force_login(make_person(role=Role.ADMINISTRATOR))
    assert "Formar agentes da saúde" in client.get(index).content.decode()
    edit = reverse("wagtailsnippets_courses_plangoal:edit", args=[goal.pk])
    assert client.get(edit).status_code == HTTPStatus.OK
    client.force_login(make_person(role=Role.TRAINER))
    assert client.get(edit).status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}


@pytest.mark.django_db
def test_goal_end_date_before_start_is_refused(organisation):
    from django.core.exceptions import ValidationError

    goal = PlanGoal(
        code="M99",
        title="x",
        axis=PlanAxis.objects.create(number=1, title="x"),
        responsible_unit=organisation["sms"],
        target=10,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError, match="data de término"):
        goal.full_clean()


@pytest.mark.django_db
def test_only_one_catalogue_and_it_is_published():
    assert CourseIndexPage.objects.live().count() == 1
    assert Page.objects.get(url_path__endswith="/cursos/").live
    assert OrganisationalUnit.objects.count() == 0
