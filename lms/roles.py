"""Roles are groups. Their names are data (an administrator may read them in the admin);
code refers to them through ``Role`` only.

The groups are created by a data migration. Their Django permissions are granted after every
``migrate`` (``roles_grant_permissions``), because permissions only exist once their app has
migrated: a data migration on a fresh database would find none.
"""

from __future__ import annotations

from enum import StrEnum

from django.apps import AppConfig
from django.contrib.auth.models import Group, Permission


class Role(StrEnum):
    LEARNER = "Cursistas"
    TRAINER = "Formadores"
    MANAGER = "Gestores"
    ADMINISTRATOR = "Administradores"


# Permissions per role, as "app_label.codename"; "app_label.*" means every permission of
# that app. Later issues add their apps' permissions here.
ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.LEARNER: set(),
    Role.TRAINER: {
        "wagtailadmin.access_admin",
        "enrollments.add_courseclass",
        "enrollments.change_courseclass",
        "enrollments.view_courseclass",
    },
    Role.MANAGER: {
        "wagtailadmin.access_admin",
        "certificates.view_certificate",
        "enrollments.add_courseclass",
        "enrollments.change_courseclass",
        "enrollments.view_courseclass",
    },
    Role.ADMINISTRATOR: {
        "wagtailadmin.access_admin",
        "lms.*",
        "wagtailcore.*",
        "wagtailimages.*",
        "wagtaildocs.*",
        "wagtailredirects.*",
        "wagtailforms.*",
        "wagtailsearch.*",
        "home.*",
        "courses.*",
        "enrollments.*",
        "certificates.*",
        "auth.view_group",
    },
}


# The roles whose holders may open the Wagtail admin.
ADMIN_ROLES = frozenset(
    role.value for role, wanted in ROLE_PERMISSIONS.items() if "wagtailadmin.access_admin" in wanted
)


def roles_create_groups() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def roles_grant_permissions(*, app_label: str) -> None:
    """Give each role the permissions it should have among ``app_label``'s. Idempotent."""
    app_permissions = Permission.objects.filter(content_type__app_label=app_label)
    if not app_permissions.exists():
        return
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        if f"{app_label}.*" in wanted:
            permissions = app_permissions
        else:
            codenames = {
                name.split(".", 1)[1] for name in wanted if name.startswith(f"{app_label}.")
            }
            if not codenames:
                continue
            permissions = app_permissions.filter(codename__in=codenames)
        group.permissions.add(*permissions)


# Wagtail grants pages, images and documents per tree (trainers upload images and documents
# for their courses through these): these apply to the whole tree (the root
# page and the root collection). The catalogue-only rights of trainers come with the courses.
ROLE_COLLECTION_PERMISSIONS: dict[Role, set[str]] = {
    Role.TRAINER: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
    Role.ADMINISTRATOR: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    },
}
ROLE_PAGE_PERMISSIONS: dict[Role, set[str]] = {
    Role.ADMINISTRATOR: {
        "wagtailcore.add_page",
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
        "wagtailcore.bypass_workflow_page",
        "wagtailcore.lock_page",
        "wagtailcore.unlock_page",
    },
}


def roles_grant_tree_permissions() -> None:
    """Grant the whole-tree page and collection permissions of ``ROLE_*_PERMISSIONS``."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for grants, model, target_field, target in (
        (ROLE_PAGE_PERMISSIONS, GroupPagePermission, "page", root_page),
        (ROLE_COLLECTION_PERMISSIONS, GroupCollectionPermission, "collection", root_collection),
    ):
        if target is None:
            continue
        for role, names in grants.items():
            group, _ = Group.objects.get_or_create(name=role.value)
            for name in names:
                app_label, codename = name.split(".", 1)
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if permission is not None:
                    model.objects.get_or_create(
                        group=group, permission=permission, **{target_field: target}
                    )


def grant_role_permissions_after_migrate(sender: AppConfig, using: str = "default", **kwargs):
    # Our receiver may run before auth's own for this app: make sure the permissions exist.
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(sender, verbosity=0, using=using, apps=global_apps)
    roles_grant_permissions(app_label=sender.label)
    if sender.label in {"wagtailcore", "wagtailimages", "wagtaildocs"}:
        roles_grant_tree_permissions()
