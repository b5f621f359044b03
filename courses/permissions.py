"""Trainers author courses only under the catalogue, and publishing goes through approval."""

from django.apps import AppConfig
from django.contrib.auth.models import Group, Permission

from lms.roles import Role

TRAINER_CATALOGUE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")


def catalogue_grant_trainer_permissions() -> None:
    """Idempotent: page rights on the catalogue for trainers, and its approval workflow."""
    from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

    from .models import CourseIndexPage

    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        return
    trainers, _ = Group.objects.get_or_create(name=Role.TRAINER.value)
    for codename in TRAINER_CATALOGUE_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission:
            GroupPagePermission.objects.get_or_create(
                group=trainers, page=catalogue.page_ptr, permission=permission
            )
    workflow = Workflow.objects.filter(active=True).order_by("pk").first()
    if workflow and not WorkflowPage.objects.filter(page=catalogue.page_ptr).exists():
        WorkflowPage.objects.create(workflow=workflow, page=catalogue.page_ptr)


def grant_after_migrate(sender: AppConfig, **kwargs) -> None:
    # Once the catalogue (courses) and the page permissions (wagtailcore) both exist.
    if sender.label in {"courses", "wagtailcore"}:
        catalogue_grant_trainer_permissions()
