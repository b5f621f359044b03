"""Demo people and organisation. Real names where the city's structure is public; invented
units and people carry "(demo)" so nobody mistakes them for real data."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from .mfa import MFA_REQUIRED_ROLES, mfa_totp_activate
from .models import OrganisationalUnit, Territory, User
from .roles import Role
from .services import person_add_role
from .territories import territories_ensure

Kind = OrganisationalUnit.Kind

# (acronym, name, kind, territory name or None, children)
ORGANISATION = [
    (
        "SMDHC",
        "Secretaria Municipal de Direitos Humanos e Cidadania",
        Kind.SECRETARIAT,
        None,
        [
            (
                "CPMig",
                "Coordenação de Políticas para Migrantes e Promoção do Trabalho Decente",
                Kind.DEPARTMENT,
                None,
                [
                    (
                        "CRAI",
                        "Centro de Referência e Atendimento para Imigrantes",
                        Kind.UNIT,
                        "Sé",
                        [],
                    ),
                ],
            ),
        ],
    ),
    (
        "SMS",
        "Secretaria Municipal da Saúde",
        Kind.SECRETARIAT,
        None,
        [
            (
                "CRS Centro",
                "Coordenadoria Regional de Saúde Centro",
                Kind.DEPARTMENT,
                None,
                [
                    ("UBS", "UBS Bom Retiro (demo)", Kind.UNIT, "Sé", []),
                    ("UBS", "UBS Brás (demo)", Kind.UNIT, "Mooca", []),
                ],
            ),
            (
                "CRS Leste",
                "Coordenadoria Regional de Saúde Leste",
                Kind.DEPARTMENT,
                None,
                [
                    ("UBS", "UBS Guaianases (demo)", Kind.UNIT, "Guaianases", []),
                ],
            ),
            (
                "CRS Norte",
                "Coordenadoria Regional de Saúde Norte",
                Kind.DEPARTMENT,
                None,
                [
                    ("UBS", "UBS Casa Verde (demo)", Kind.UNIT, "Casa Verde/Cachoeirinha", []),
                ],
            ),
        ],
    ),
    (
        "SME",
        "Secretaria Municipal de Educação",
        Kind.SECRETARIAT,
        None,
        [
            (
                "DRE Penha",
                "Diretoria Regional de Educação Penha",
                Kind.DEPARTMENT,
                "Penha",
                [
                    ("EMEF", "EMEF Penha de França (demo)", Kind.UNIT, "Penha", []),
                ],
            ),
            (
                "DRE Ipiranga",
                "Diretoria Regional de Educação Ipiranga",
                Kind.DEPARTMENT,
                "Ipiranga",
                [
                    ("EMEF", "EMEF Ipiranga (demo)", Kind.UNIT, "Ipiranga", []),
                ],
            ),
            (
                "DRE São Mateus",
                "Diretoria Regional de Educação São Mateus",
                Kind.DEPARTMENT,
                "São Mateus",
                [],
            ),
        ],
    ),
    (
        "SMADS",
        "Secretaria Municipal de Assistência e Desenvolvimento Social",
        Kind.SECRETARIAT,
        None,
        [
            ("CRAS", "CRAS Sé (demo)", Kind.UNIT, "Sé", []),
            ("CREAS", "CREAS Mooca (demo)", Kind.UNIT, "Mooca", []),
        ],
    ),
    (
        "SMDET",
        "Secretaria Municipal de Desenvolvimento Econômico e Trabalho",
        Kind.SECRETARIAT,
        None,
        [
            ("CATe", "CATe Centro (demo)", Kind.UNIT, "Sé", []),
        ],
    ),
    (
        "SEGES",
        "Secretaria Municipal de Gestão",
        Kind.SECRETARIAT,
        None,
        [
            ("EMASP", "Escola Municipal de Administração Pública", Kind.DEPARTMENT, "Sé", []),
        ],
    ),
    ("SMC", "Secretaria Municipal de Cultura", Kind.SECRETARIAT, None, []),
    ("SEHAB", "Secretaria Municipal de Habitação", Kind.SECRETARIAT, None, []),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    full_name: str
    role: Role
    unit: tuple[str, str] | None = None  # (acronym, name)
    managed_unit: tuple[str, str] | None = None
    social_name: str = ""
    registration_number: str = ""
    job_title: str = ""
    superuser: bool = False

    @property
    def describes(self) -> str:
        return {
            Role.LEARNER: "cursista (servidora da UBS Bom Retiro, com nome social)",
            Role.TRAINER: "formadora (cria cursos no admin)",
            Role.MANAGER: (
                "gestora da SMS (vê só a SMS)"
                if self.managed_unit
                else "gestor municipal (vê toda a cidade)"
            ),
            Role.ADMINISTRATOR: "administradora",
        }[self.role]


# The demo's managers and administrator must use an authenticator app, like real ones: all
# share this public secret. Add it to an app, or read the code with `manage.py demo_totp_code`.
DEMO_TOTP_SECRET = "CAPACITADEMOTOTPCAPACITADEMOTOTP"

DEMO_ACCOUNTS = [
    DemoAccount(
        "cursista@capacita.demo",
        "Cursista#Demo2024",
        "Joana Pereira da Silva (demo)",
        Role.LEARNER,
        unit=("UBS", "UBS Bom Retiro (demo)"),
        social_name="Jo Pereira (demo)",
        registration_number="DEMO-100001",
        job_title="Agente comunitária de saúde",
    ),
    DemoAccount(
        "formadora@capacita.demo",
        "Formadora#Demo2024",
        "Marta Oliveira (demo)",
        Role.TRAINER,
        unit=("EMASP", "Escola Municipal de Administração Pública"),
        registration_number="DEMO-100002",
        job_title="Formadora",
    ),
    DemoAccount(
        "gestora.sms@capacita.demo",
        "Gestora#Demo2024",
        "Helena Costa (demo)",
        Role.MANAGER,
        unit=("SMS", "Secretaria Municipal da Saúde"),
        managed_unit=("SMS", "Secretaria Municipal da Saúde"),
        registration_number="DEMO-100003",
        job_title="Coordenadora de educação permanente",
    ),
    DemoAccount(
        "gestor.cidade@capacita.demo",
        "Gestor#Demo2024",
        "Paulo Santos (demo)",
        Role.MANAGER,
        unit=("CPMig", "Coordenação de Políticas para Migrantes e Promoção do Trabalho Decente"),
        registration_number="DEMO-100004",
        job_title="Assessor técnico",
    ),
    DemoAccount(
        "admin@capacita.demo",
        "Admin#Demo2024",
        "Ana Administradora (demo)",
        Role.ADMINISTRATOR,
        superuser=True,
    ),
]


def _ensure_units(nodes, parent: OrganisationalUnit | None, territories: dict) -> int:
    created = 0
    for acronym, name, kind, territory_name, children in nodes:
        siblings = parent.get_children() if parent else OrganisationalUnit.get_root_nodes()
        unit = siblings.filter(acronym=acronym, name=name).first()
        if unit is None:
            fields = {
                "acronym": acronym,
                "name": name,
                "kind": kind,
                "territory": territories.get(territory_name),
            }
            unit = parent.add_child(**fields) if parent else OrganisationalUnit.add_root(**fields)
            created += 1
            if parent is not None:
                parent.refresh_from_db()
        created += _ensure_units(children, unit, territories)
    return created


def _unit(key: tuple[str, str] | None) -> OrganisationalUnit | None:
    return OrganisationalUnit.objects.get(acronym=key[0], name=key[1]) if key else None


def seed_demo(stdout) -> None:
    territories_ensure(Territory)
    territories = {t.name: t for t in Territory.objects.all()}
    created = _ensure_units(ORGANISATION, None, territories)
    total = OrganisationalUnit.objects.count()
    stdout.write(f"  unidades organizacionais: {total} ({created} novas)")

    for account in DEMO_ACCOUNTS:
        unit = _unit(account.unit)
        user, _ = User.objects.update_or_create(
            email=account.email,
            defaults={
                "full_name": account.full_name,
                "social_name": account.social_name,
                "registration_number": account.registration_number,
                "job_title": account.job_title,
                "unit": unit,
                "territory": unit.territory if unit else None,
                "managed_unit": _unit(account.managed_unit),
                "is_superuser": account.superuser,
                "is_staff": account.superuser,
            },
        )
        user.set_password(account.password)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        person_add_role(user=user, role=account.role)
        if account.role in MFA_REQUIRED_ROLES or account.superuser:
            mfa_totp_activate(user=user, secret=DEMO_TOTP_SECRET, recovery_codes=True)
    stdout.write(f"  contas de demonstração: {len(DEMO_ACCOUNTS)}")


def demo_accounts_table() -> str:
    width = max(len(a.email) for a in DEMO_ACCOUNTS)
    lines = [f"  {'e-mail'.ljust(width)}  {'senha'.ljust(18)}  papel"]
    lines += [
        f"  {a.email.ljust(width)}  {a.password.ljust(18)}  {a.describes}" for a in DEMO_ACCOUNTS
    ]
    lines += [
        "  Gestores e administradora também digitam um código de 6 dígitos: veja-o com",
        "  `python manage.py demo_totp_code`, ou cadastre num app autenticador o segredo",
        f"  {DEMO_TOTP_SECRET}.",
    ]
    return "\n".join(lines)
