from django.urls import path

from . import views

urlpatterns = [
    path("verify/", views.verify_form, name="certificate_verify_form"),
    path("verify/<str:code>/", views.verify, name="certificate_verify"),
    path("<str:code>/pdf/", views.download, name="certificate_download"),
]
