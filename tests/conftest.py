"""Shared fixtures: people, roles and a small organisation tree."""

from __future__ import annotations

import itertools
import os

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from lms.models import OrganisationalUnit, Territory, User
from lms.roles import Role
from lms.services import person_add_role

PASSWORD = "Senha-de-teste-123"
_sequence = itertools.count(1)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate-limit counters live in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_person(db):
    """A person with a verified e-mail who can log in with ``PASSWORD``."""

    def make(*, role: Role | None = Role.LEARNER, email: str | None = None, **fields) -> User:
        email = email or f"pessoa{next(_sequence)}@prefeitura.test"
        fields.setdefault("full_name", f"Pessoa de Teste {email.split('@')[0]}")
        user = User.objects.create_user(email=email, password=PASSWORD, **fields)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if role is not None:
            person_add_role(user=user, role=role)
        return user

    return make


@pytest.fixture
def organisation(db):
    """SMS → CRS Norte → UBS Casa Verde, SMS → CRS Sul, and SME → DRE Penha."""
    territory = Territory.objects.get(code="casa-verde-cachoeirinha")
    sms = OrganisationalUnit.add_root(
        acronym="SMS",
        name="Secretaria Municipal da Saúde",
        kind=OrganisationalUnit.Kind.SECRETARIAT,
    )
    crs_norte = sms.add_child(
        acronym="CRS Norte",
        name="Coordenadoria Regional Norte",
        kind=OrganisationalUnit.Kind.DEPARTMENT,
    )
    ubs = crs_norte.add_child(acronym="UBS", name="UBS Casa Verde", territory=territory)
    sms.refresh_from_db()
    crs_sul = sms.add_child(
        acronym="CRS Sul",
        name="Coordenadoria Regional Sul",
        kind=OrganisationalUnit.Kind.DEPARTMENT,
    )
    sme = OrganisationalUnit.add_root(
        acronym="SME",
        name="Secretaria Municipal de Educação",
        kind=OrganisationalUnit.Kind.SECRETARIAT,
    )
    dre = sme.add_child(acronym="DRE Penha", name="Diretoria Regional Penha")
    return {
        "sms": sms,
        "crs_norte": crs_norte,
        "ubs": ubs,
        "crs_sul": crs_sul,
        "sme": sme,
        "dre": dre,
    }
