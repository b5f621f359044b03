"""What a person may do (their groups and Django permissions), kept between requests.

Every page asks: the menu shows "Administração" to those who may open the admin
(``perms.wagtailadmin.access_admin``) and "Minhas turmas" to managers and trainers
(``lms.scopes.user_has_role``). Django's ``ModelBackend`` answers with three queries a
request (the person's groups, their own permissions and their groups' permissions); here
the answer is kept in the shared cache under the person's account version and the content
version (``home.page_cache``). Each moves on commit of anything that changes the answer:
the person saved (active, superuser), their groups or permissions changed (their account
version), a group's permissions changed, a group renamed or deleted, a permission deleted
(the content version). So a role taken away holds from the next request on. While the cache
is down, every request asks the database, as Django does.

``User._perm_cache`` (the attribute ``ModelBackend`` keeps a person's permissions in for a
request) is filled from here, so the authentication backends stay Django's and allauth's.
The cache is part of what is trusted, like the learners' stored pages it already holds: it
is private to the servers (docs/security.md).
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

KEY = "account-facts:{user}:{content}:{account}"


def account_facts(user) -> dict:
    """``{"roles": group names, "permissions": "app.codename" strings}`` of ``user``, read
    once per request (kept on the user object) from the cache or the database."""
    facts = user.__dict__.get("_capacita_account_facts")
    if facts is None:
        facts = user._capacita_account_facts = _kept_facts(user)
    return facts


def _kept_facts(user) -> dict:
    from home import page_cache

    key = KEY.format(user=user.pk, **page_cache.account_versions(user.pk))
    facts = cache.get(key)
    if facts is None:
        backend = ModelBackend()
        facts = {
            "roles": frozenset(user.groups.values_list("name", flat=True)),
            # Both halves, as ModelBackend.get_all_permissions (superusers: every permission).
            "permissions": frozenset(
                backend.get_user_permissions(user) | backend.get_group_permissions(user)
            ),
        }
        cache.set(key, facts, timeout=page_cache.timeout())
    return facts
