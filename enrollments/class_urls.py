from django.urls import path

from . import class_views as views

urlpatterns = [
    path("", views.my_classes, name="my_classes"),
    path("<int:pk>/", views.class_detail, name="class_detail"),
    path("<int:pk>/pessoas/", views.class_add_person, name="class_add_person"),
    path(
        "<int:pk>/pessoas/<int:enrollment_id>/remover/",
        views.class_remove_person,
        name="class_remove_person",
    ),
    path("<int:pk>/sessoes/<int:session_id>/", views.attendance, name="class_attendance"),
    path("<int:pk>/encerrar/", views.class_close, name="class_close"),
    path("<int:pk>/lista-de-presenca.pdf", views.attendance_sheet, name="class_attendance_sheet"),
    path("<int:pk>/entrar/", views.class_join, name="class_join"),
    path("<int:pk>/sair/", views.class_quit, name="class_quit"),
]
