from django.urls import path

from . import views

urlpatterns = [
    path("cursos/<int:course_id>/inscricao/", views.enrol, name="enrol"),
    path("cursos/<int:course_id>/cancelar/", views.unenrol, name="unenrol"),
    path("aulas/<int:lesson_id>/concluir/", views.complete_lesson, name="complete_lesson"),
    path("questionarios/<int:quiz_id>/respostas/", views.submit_quiz, name="submit_quiz"),
    path("", views.my_learning, name="my_learning"),
]
