"""Demo plan and courses: the axes and MigraCidades dimensions (established facts), ten plan
goals with invented targets, the demo courses with their lessons and quizzes, published."""

from __future__ import annotations

from django.db import transaction

from lms.models import OrganisationalUnit

from . import demo_content as content
from .models import (
    CertificateSignatory,
    CertificateTemplate,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    MigraCidadesDimension,
    PlanAxis,
    PlanGoal,
    PlanGoalSecretariatTarget,
    QuizPage,
)


def _secretariat(acronym: str) -> OrganisationalUnit:
    return OrganisationalUnit.objects.secretariats().get(acronym=acronym)


def _lesson_body(blocks) -> list[tuple]:
    body = []
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            body.append(("heading", {"text": block[1], "level": "h2"}))
        elif kind == "paragraph":
            body.append(("paragraph", f"<p>{block[1]}</p>"))
        elif kind == "callout":
            body.append(("callout", {"title": block[1], "body": f"<p>{block[2]}</p>"}))
    return body


def _questions(quiz: dict) -> list[tuple]:
    return [
        (
            "question",
            {
                "text": q["text"],
                "kind": q["kind"],
                "choices": [
                    {"text": text, "correct": correct, "feedback": feedback}
                    for text, correct, feedback in q["choices"]
                ],
                "explanation": q.get("explanation", ""),
            },
        )
        for q in quiz["questions"]
    ]


def seed_plan() -> None:
    for number, title in content.AXES:
        PlanAxis.objects.update_or_create(number=number, defaults={"title": title})
    for year, dimensions in content.MIGRACIDADES_DIMENSIONS.items():
        for number, name in dimensions:
            MigraCidadesDimension.objects.update_or_create(
                edition_year=year, number=number, defaults={"name": name}
            )
    latest = max(content.MIGRACIDADES_DIMENSIONS)
    for spec in content.PLAN_GOALS:
        goal, _ = PlanGoal.objects.update_or_create(
            code=spec["code"],
            defaults={
                "title": spec["title"],
                "description": spec["description"],
                "axis": PlanAxis.objects.get(number=spec["axis"]),
                "action_numbers": spec["actions"],
                "responsible_unit": _secretariat(spec["secretariat"]),
                "baseline": spec["baseline"],
                "target": spec["target"],
                "start_date": spec["start"],
                "end_date": spec["end"],
            },
        )
        goal.dimensions.set(
            MigraCidadesDimension.objects.filter(edition_year=latest, number__in=spec["dimensions"])
        )
        goal.save()
        for acronym, target in spec.get("split", []):
            PlanGoalSecretariatTarget.objects.update_or_create(
                goal=goal, secretariat=_secretariat(acronym), defaults={"target": target}
            )


def seed_courses() -> int:
    catalogue = CourseIndexPage.objects.get()
    created = 0
    for spec in content.COURSES:
        if CoursePage.objects.child_of(catalogue).filter(slug=spec["slug"]).exists():
            continue
        objectives = "".join(f"<li>{item}</li>" for item in spec["objectives"])
        course = catalogue.add_child(
            instance=CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                learning_objectives=f"<ul>{objectives}</ul>",
                audience_job_titles=spec["audience_job_titles"],
                workload_hours=spec["hours"],
                modality=spec["modality"],
                language=spec["language"],
            )
        )
        course.tags.add(*spec["topics"])
        course.plan_goals.set(PlanGoal.objects.filter(code__in=spec["goals"]))
        course.audience_secretariats.set(
            OrganisationalUnit.objects.secretariats().filter(
                acronym__in=spec["audience_secretariats"]
            )
        )
        course.save_revision().publish()
        for number, lesson in enumerate(spec["lessons"], start=1):
            page = course.add_child(
                instance=LessonPage(
                    title=lesson["title"],
                    slug=f"aula-{number}",
                    required=lesson["required"],
                    body=_lesson_body(lesson["blocks"]),
                )
            )
            page.save_revision().publish()
        quiz = course.add_child(
            instance=QuizPage(
                title=spec["quiz"]["title"],
                slug="questionario",
                attempts_limit=3,
                shuffle_choices=True,
                questions=_questions(spec["quiz"]),
            )
        )
        quiz.save_revision().publish()
        created += 1
    return created


DEMO_SIGNATORIES = [
    ("Beatriz Almeida (demo)", "Coordenadora de Políticas para Migrantes"),
    ("Ricardo Nunes Ferreira (demo)", "Diretor da Escola Municipal de Administração Pública"),
]


def seed_certificate_signatories() -> None:
    """Invented signatories on the default certificate template, before anyone completes."""
    template = CertificateTemplate.default()
    if template is not None and not template.signatories.exists():
        for order, (name, role) in enumerate(DEMO_SIGNATORIES):
            CertificateSignatory.objects.create(
                template=template, name=name, role=role, sort_order=order
            )


def seed_demo(stdout) -> None:
    with transaction.atomic():
        seed_plan()
        created = seed_courses()
        seed_certificate_signatories()
    stdout.write(
        f"  plano: {PlanAxis.objects.count()} eixos, {PlanGoal.objects.count()} metas; "
        f"cursos: {CoursePage.objects.count()} ({created} novos)"
    )
