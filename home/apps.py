from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the cached anonymous pages show besides the pages themselves (``home.page_cache``):
# the catalogue's filters (goals, topics, secretariats), a course's classes and sessions, the
# images, the site and its settings. Enrolments are connected apart: only seats count.
SHOWN_ON_CACHED_PAGES = [
    "courses.PlanGoal",
    "taggit.Tag",
    "lms.OrganisationalUnit",
    "lms.Territory",
    "enrollments.CourseClass",
    "enrollments.ClassSession",
    "enrollments.BulkEnrolment",
    "wagtailcore.Site",
    "home.SiteSettings",
    "wagtailcore.PageViewRestriction",
]
# What a learner's own cached pages show of them (``LearnerPageCacheMiddleware``): each names
# its learner through ``user`` or ``enrollment``; the account itself too.
SHOWN_ON_LEARNER_PAGES = [
    "enrollments.Enrollment",
    "enrollments.LessonProgress",
    "enrollments.QuizAttempt",
    "enrollments.Attendance",
    "enrollments.WaitingListEntry",
    "certificates.Certificate",
]


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from wagtail import hooks
        from wagtail.images import get_image_model
        from wagtail.models import Page, get_page_models
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import page_cache

        hooks.register("on_serve_page", page_cache.mark_anonymous_response)

        changed = page_cache.content_changed
        for signal, name in [
            (page_published, "published"),
            (page_unpublished, "unpublished"),
            (post_page_move, "moved"),
        ]:
            signal.connect(changed, dispatch_uid=f"page_cache_page_{name}")
        # Saves and deletions too: pages added in code (add_child) are never "published".
        watched = [Page, *get_page_models(), get_image_model()]
        watched += [apps.get_model(label) for label in SHOWN_ON_CACHED_PAGES]
        _on_save_and_delete(changed, dict.fromkeys(watched), "page_cache")

        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        learner_models = [apps.get_model(label) for label in SHOWN_ON_LEARNER_PAGES]
        _on_save_and_delete(
            page_cache.learner_record_changed, [*learner_models, get_user_model()], "learner_cache"
        )
        user = get_user_model()
        for through in [
            user.groups.through,
            user.user_permissions.through,
            apps.get_model("auth.Group").permissions.through,
        ]:
            m2m_changed.connect(
                page_cache.learner_groups_changed,
                sender=through,
                dispatch_uid=f"learner_cache_{through._meta.label_lower}",
            )
        # A group renamed or deleted, a permission deleted: what everyone may do is kept
        # under the content version too (lms.account_facts), and a deletion sends no
        # m2m_changed for the memberships it takes away.
        _on_save_and_delete(
            changed, [apps.get_model("auth.Group"), apps.get_model("auth.Permission")], "roles"
        )

        enrollment = apps.get_model("enrollments.Enrollment")
        post_save.connect(
            page_cache.enrollment_saved, sender=enrollment, dispatch_uid="page_cache_enrolled"
        )
        post_delete.connect(
            page_cache.enrollment_deleted, sender=enrollment, dispatch_uid="page_cache_unenrolled"
        )


def _on_save_and_delete(receiver, models, prefix: str) -> None:
    """Connect ``receiver`` to every save and deletion of each of ``models``."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        uid = f"{prefix}_{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}_deleted")
