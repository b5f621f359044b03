from django.urls import path

import lms.converters  # noqa: F401 (registers <id:…>: page ids are range-checked by no one)

from . import views

urlpatterns = [
    path("cursos/<id:course_id>/inscricao/", views.enrol, name="enrol"),
    path("cursos/<id:course_id>/cancelar/", views.unenrol, name="unenrol"),
    path("aulas/<id:lesson_id>/concluir/", views.complete_lesson, name="complete_lesson"),
    path("questionarios/<id:quiz_id>/respostas/", views.submit_quiz, name="submit_quiz"),
    path("", views.my_learning, name="my_learning"),
]
