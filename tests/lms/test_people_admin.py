"""The people admin (Wagtail's users, customised in lms.admin_views): an account is managed
only by someone who holds every power it holds. Superusers manage everyone; an administrator
manages learners, trainers and managers (and their own record), never a superuser or another
administrator, on every screen: the edit form, deletion, copying and the bulk actions.
Administrators never set or learn anyone's password, and a login e-mail changed in the admin
takes effect only once its owner confirms it, as when the person changes it."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from certificates.models import Certificate
from courses.models import LessonPage
from enrollments.models import GoalCompletion
from enrollments.services import enrollment_create, lesson_complete
from lms.models import AuditEvent, User
from lms.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Senha-tomada-pelo-intruso-1"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def administrator(make_person):
    return make_person(role=Role.ADMINISTRATOR, full_name="Adm Comum")


@pytest.fixture
def superuser(make_person):
    return make_person(role=None, is_superuser=True, full_name="Dona Superusuária")


def group(role: Role) -> int:
    return Group.objects.get(name=role.value).pk


def edit_url(person: User) -> str:
    return reverse("wagtailusers_users:edit", args=[person.pk])


def bulk_url(action: str, *people: User) -> str:
    ids = "&".join(f"id={person.pk}" for person in people)
    return f"/admin/bulk/lms/user/{action}/?next=/admin/users/&{ids}"


def form_data(person: User, **changes) -> dict:
    """The edit form as the admin sends it, with ``changes``; is_active ticked unless False."""
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "social_name": "",
        "registration_number": "",
        "job_title": "",
        "unit": "",
        "territory": "",
        "managed_unit": "",
        "is_active": "on",
        "groups": [g.pk for g in person.groups.all()],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def refused(response) -> bool:
    """A 403, or Wagtail's refusal (back to the dashboard with a message)."""
    return response.status_code == HTTPStatus.FORBIDDEN or (
        response.status_code == HTTPStatus.FOUND and response.url == reverse("wagtailadmin_home")
    )


def unchanged(person: User, *, email: str) -> None:
    person.refresh_from_db()
    assert person.email == email
    assert person.is_active
    assert person.check_password(PASSWORD)
    assert list(EmailAddress.objects.filter(user=person).values_list("email", flat=True)) == [email]


@pytest.mark.parametrize("kind", ["superuser", "administrator"])
def test_an_administrator_cannot_take_over_a_superuser_or_another_administrator(
    client, make_person, administrator, kind
):
    """The penetration test's finding: a new e-mail, a new password and "active" unticked
    on a superuser's record were all saved. Now the record is refused, naming nobody."""
    target = (
        make_person(role=None, is_superuser=True, full_name="Dona Superusuária")
        if kind == "superuser"
        else make_person(role=Role.ADMINISTRATOR, full_name="Outra Administradora")
    )
    email = target.email
    client.force_login(administrator)

    page = client.get(edit_url(target))
    assert refused(page)
    body = page.content.decode()
    assert target.full_name not in body and email not in body

    response = client.post(
        edit_url(target),
        form_data(
            target,
            email="intruso@exemplo.org",
            password1=NEW_PASSWORD,
            password2=NEW_PASSWORD,
            is_active=None,
        ),
    )
    assert refused(response)
    unchanged(target, email=email)

    for url in (reverse("wagtailusers_users:delete", args=[target.pk]),):
        assert refused(client.get(url))
        assert refused(client.post(url))
    assert User.objects.filter(pk=target.pk).exists()


def test_a_superuser_manages_administrators_and_superusers(client, make_person, superuser):
    other_administrator = make_person(role=Role.ADMINISTRATOR, full_name="Outra Administradora")
    client.force_login(superuser)
    assert client.get(edit_url(other_administrator)).status_code == HTTPStatus.OK
    response = client.post(edit_url(other_administrator), form_data(other_administrator))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]


def test_people_are_not_copied(client, administrator, superuser):
    """Wagtail's "copy" showed any record, a superuser's too, prefilled in a new account's
    form, and saved it as a new account: a way around both the rule and the invitation."""
    client.force_login(administrator)
    url = f"/admin/users/copy/{superuser.pk}/"
    page = client.get(url)
    assert page.status_code == HTTPStatus.NOT_FOUND
    assert superuser.full_name not in page.content.decode()
    client.post(
        url,
        {
            "email": "copia@exemplo.org",
            "full_name": "Cópia",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "groups": [group(Role.LEARNER)],
        },
    )
    assert not User.objects.filter(email="copia@exemplo.org").exists()


def test_bulk_actions_leave_superusers_and_administrators_alone(
    client, make_person, administrator, superuser
):
    other_administrator = make_person(role=Role.ADMINISTRATOR, full_name="Outra Administradora")
    learner = make_person(full_name="Cursista Comum")
    client.force_login(administrator)

    # The confirmation page says how many cannot be changed, not who.
    page = client.get(bulk_url("set_active_state", superuser, other_administrator, learner))
    assert page.status_code == HTTPStatus.OK
    body = page.content.decode()
    assert "Cursista Comum" in body
    assert superuser.full_name not in body and other_administrator.full_name not in body
    client.post(
        bulk_url("set_active_state", superuser, other_administrator, learner),
        {"mark_as_active": "False"},
    )
    for person in (superuser, other_administrator):
        unchanged(person, email=person.email)
    learner.refresh_from_db()
    assert not learner.is_active  # the administrator's own business

    client.post(
        bulk_url("assign_role", superuser, other_administrator), {"role": group(Role.LEARNER)}
    )
    assert not superuser.groups.exists()
    assert not other_administrator.groups.filter(name=Role.LEARNER.value).exists()

    client.post(bulk_url("delete", superuser, other_administrator))
    assert User.objects.filter(pk__in=[superuser.pk, other_administrator.pk]).count() == 2


def test_only_superusers_make_or_unmake_administrators(
    client, make_person, administrator, superuser
):
    learner = make_person(full_name="Cursista Promovida")
    client.force_login(administrator)
    response = client.post(
        edit_url(learner),
        form_data(learner, groups=[group(Role.LEARNER), group(Role.ADMINISTRATOR)]),
    )
    assert response.status_code == HTTPStatus.OK  # the form again, with the reason
    assert "Só um superusuário" in response.content.decode()
    assert not learner.groups.filter(name=Role.ADMINISTRATOR.value).exists()
    client.post(bulk_url("assign_role", learner), {"role": group(Role.ADMINISTRATOR)})
    assert not learner.groups.filter(name=Role.ADMINISTRATOR.value).exists()
    # Managers and trainers are the administrator's to appoint.
    client.post(edit_url(learner), form_data(learner, groups=[group(Role.MANAGER)]))
    assert learner.groups.filter(name=Role.MANAGER.value).exists()

    client.force_login(superuser)
    client.post(edit_url(learner), form_data(learner, groups=[group(Role.ADMINISTRATOR)]))
    assert learner.groups.filter(name=Role.ADMINISTRATOR.value).exists()


def test_administrators_do_not_edit_roles_themselves(client, administrator):
    """What a role may do is a superuser's decision: administrators only read the roles."""
    client.force_login(administrator)
    learners = Group.objects.get(name=Role.LEARNER.value)
    url = reverse("wagtailusers_groups:edit", args=[learners.pk])
    assert refused(client.get(url))
    assert refused(client.post(url, {"name": "Cursistas com tudo"}))
    learners.refresh_from_db()
    assert learners.name == Role.LEARNER.value


def test_administrators_neither_set_nor_learn_passwords(
    client, make_person, administrator, django_capture_on_commit_callbacks
):
    learner = make_person(full_name="Cursista Comum")
    client.force_login(administrator)
    for url in (edit_url(learner), reverse("wagtailusers_users:add")):
        assert not re.search(r'name="password[12]"', client.get(url).content.decode()), url

    client.post(
        edit_url(learner), form_data(learner, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    )
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD) and not learner.check_password(NEW_PASSWORD)

    # A new person chooses their own password, from the invitation they are sent.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailusers_users:add"),
            {
                "email": "nova@prefeitura.test",
                "full_name": "Nova Pessoa",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "groups": [group(Role.LEARNER)],
            },
        )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    person = User.objects.get(email="nova@prefeitura.test")
    assert not person.has_usable_password()
    (invitation,) = mail.outbox
    assert invitation.to == ["nova@prefeitura.test"]
    assert "/conta/password/reset/key/" in invitation.body


def test_a_login_email_changed_in_the_admin_waits_for_its_owner_to_confirm_it(
    client, make_person, administrator
):
    """allauth's record and the account stay in step: the new address is added unconfirmed
    and a link goes to it; until it is followed the person logs in with the old one."""
    manager = make_person(role=Role.MANAGER, email="gestora@prefeitura.test", full_name="Gestora")
    client.force_login(administrator)
    mail.outbox.clear()
    response = client.post(edit_url(manager), form_data(manager, email="Gestora@Nova.test"))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]

    manager.refresh_from_db()
    assert manager.email == "gestora@prefeitura.test"
    addresses = {a.email: a for a in EmailAddress.objects.filter(user=manager)}
    assert addresses["gestora@prefeitura.test"].primary
    assert addresses["gestora@prefeitura.test"].verified
    assert not addresses["gestora@nova.test"].verified
    assert not addresses["gestora@nova.test"].primary
    (confirmation,) = mail.outbox
    assert confirmation.to == ["gestora@nova.test"]
    link = re.search(r"https?://[^/\s]+(/conta/confirm-email/[^/\s]+/)", confirmation.body)
    assert (
        "Gestora@Nova.test" not in client.get(reverse("wagtailusers_users:index")).content.decode()
    )

    # The owner follows the link: from then on the new address is the account's.
    client.logout()
    mail.outbox.clear()
    client.post(link.group(1))
    manager.refresh_from_db()
    assert manager.email == "gestora@nova.test"
    address = EmailAddress.objects.get(user=manager)
    assert (address.email, address.primary, address.verified) == ("gestora@nova.test", True, True)
    # And the old address is told.
    assert any(message.to == ["gestora@prefeitura.test"] for message in mail.outbox)


def test_an_address_someone_else_holds_is_refused_without_naming_them(
    client, make_person, administrator
):
    holder = make_person(full_name="Titular do Endereço", email="titular@prefeitura.test")
    EmailAddress.objects.create(user=holder, email="pendente@prefeitura.test", verified=False)
    learner = make_person(full_name="Cursista Comum")
    client.force_login(administrator)
    for taken in ("titular@prefeitura.test", "pendente@prefeitura.test"):
        response = client.post(edit_url(learner), form_data(learner, email=taken))
        assert response.status_code == HTTPStatus.OK, taken
        body = response.content.decode()
        assert "Titular do Endereço" not in body
        assert not EmailAddress.objects.filter(user=learner, email=taken).exists()


def test_what_an_administrator_changes_in_an_account_is_audited_without_its_data(
    client, administrator, make_person, organisation
):
    person = make_person(full_name="Maria Ferreira", role=Role.LEARNER)
    client.force_login(administrator)
    data = form_data(
        person,
        full_name="Maria F. Souza",
        managed_unit=organisation["crs_norte"].pk,
        groups=[group(Role.LEARNER), group(Role.MANAGER)],
    )
    assert client.post(edit_url(person), data).status_code == HTTPStatus.FOUND
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_ACCOUNT_CHANGED)
    assert event.actor == administrator and event.scope["account"] == person.pk
    assert event.changes["groups"] == [["Cursistas"], ["Cursistas", "Gestores"]]
    assert event.changes["managed_unit"] == [None, str(organisation["crs_norte"])]
    assert event.changes["full_name"] == ["•••", "•••"]  # that it changed, not to what
    assert "Maria" not in str(event.changes) + event.description

    client.post(bulk_url("set_active_state", person), {"mark_as_active": "False"})
    switched_off = AuditEvent.objects.filter(action=event.action).latest("pk")
    assert switched_off.changes == {"is_active": [True, False]}


def test_deleting_people_in_bulk_keeps_certificate_holders_and_names_nobody(
    client, administrator, certified, make_person
):
    holder = certified(full_name="Titular Certificada").enrollment.user
    other = make_person(full_name="Sem Certificado")
    client.force_login(administrator)
    response = client.post(bulk_url("delete", holder, other), follow=True)
    assert response.status_code == HTTPStatus.OK  # not a 500 half-way through
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("1 das pessoas escolhidas tem certificados")
    assert message.endswith("Ninguém foi excluído.") and "Titular" not in message
    assert User.objects.filter(pk__in=[holder.pk, other.pk]).count() == 2


def _counted_without_certificate(make_person, make_course, make_goal) -> User:
    """A person whose completion counts toward a goal and who has no certificate yet (no
    name to print on one)."""
    person = make_person(full_name="")
    course = make_course(lessons=1, quiz=False)
    course.plan_goals.set([make_goal("M01")])
    course.save()
    enrollment_create(user=person, course=course)
    lesson_complete(user=person, lesson=LessonPage.objects.child_of(course).get())
    assert GoalCompletion.objects.filter(user=person).exists()
    assert not Certificate.objects.filter(enrollment__user=person).exists()
    return person


def test_a_person_counted_in_the_plan_is_deactivated_not_deleted(
    client, administrator, make_person, make_course, make_goal
):
    counted = _counted_without_certificate(make_person, make_course, make_goal)
    client.force_login(administrator)
    response = client.post(reverse("wagtailusers_users:delete", args=[counted.pk]), follow=True)
    assert response.status_code == HTTPStatus.OK  # not a 500 from the protected rows
    (message,) = [str(m) for m in response.context["messages"]]
    assert "contam para as metas do Plano" in message
    assert User.objects.filter(pk=counted.pk).exists()
    assert GoalCompletion.objects.filter(user=counted).exists()


def test_deleting_people_in_bulk_keeps_those_counted_in_the_plan_and_names_nobody(
    client, administrator, make_person, make_course, make_goal
):
    counted = _counted_without_certificate(make_person, make_course, make_goal)
    other = make_person(full_name="Sem Conclusões")
    client.force_login(administrator)
    response = client.post(bulk_url("delete", counted, other), follow=True)
    assert response.status_code == HTTPStatus.OK
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.endswith("Ninguém foi excluído.") and "Sem Conclusões" not in message
    assert User.objects.filter(pk__in=[counted.pk, other.pk]).count() == 2
    # Someone with no completions is deleted as before.
    client.post(reverse("wagtailusers_users:delete", args=[other.pk]))
    assert not User.objects.filter(pk=other.pk).exists()
