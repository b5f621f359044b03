"""Importing people from HR lists: reading real spreadsheets, the preview, confirming,
scopes, permissions and invitations."""

from __future__ import annotations

import io
import re
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from lms import people_import
from lms.models import PersonImport, PersonImportRow, Territory, User
from lms.roles import Role
from lms.tabular import TableError, open_table, read_rows
from tests.conftest import PASSWORD, xlsx_bytes

HEADER = "Matrícula;Nome completo;Nome social;E-mail;Sigla da unidade;Cargo;Território"

PEOPLE_COLUMNS = people_import.COLUMNS


def csv_file(text: str, *, name="pessoas.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English, the source language, whatever the catalogue has.
    with translation.override("en"):
        yield


def english(client):
    # Messages are asserted in English, the source language, whatever the catalogue has.
    client.cookies["capacita_language"] = "en"
    return client


@pytest.fixture
def manager(make_person):
    return make_person(role=Role.MANAGER, full_name="Gestora da Cidade")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return english(client)


def upload(client, capture, file, *, invite=False):
    with capture(execute=True):
        response = client.post(
            reverse("people_import:index"), {"file": file, "send_invitations": invite}
        )
    return response


def confirm(client, capture, person_import):
    with capture(execute=True):
        response = client.post(reverse("people_import:confirm", args=[person_import.pk]))
    assert response.status_code == HTTPStatus.FOUND
    return client.get(response.url)


def latest_import() -> PersonImport:
    return PersonImport.objects.latest("pk")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Reading the files -------------------------------------------------------------------------


ROWS_TEXT = (
    "\n"  # a blank line before the header, as some exports have
    "Matrícula;NOME;E-mail;Observações;Unidade\n"
    "123;José da Conceição;JOSE@prefeitura.test;qualquer coisa;UBS\n"
    ";;;;\n"
    "\n"
    "456;Ana Lúcia;ana@prefeitura.test;;\n"
)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("cp1252", ",")],
)
def test_csv_in_every_encoding_and_delimiter_reads_the_same(encoding, delimiter):
    data = ROWS_TEXT.replace(";", delimiter).encode(encoding)
    rows = list(read_rows(io.BytesIO(data), columns=PEOPLE_COLUMNS, filename="lista.csv"))
    assert rows == [
        (
            3,
            {
                "registration_number": "123",
                "full_name": "José da Conceição",
                "email": "JOSE@prefeitura.test",
                "unit": "UBS",
            },
        ),
        (
            6,
            {
                "registration_number": "456",
                "full_name": "Ana Lúcia",
                "email": "ana@prefeitura.test",
                "unit": "",
            },
        ),
    ]


def test_xlsx_reads_numbers_as_typed_and_skips_blank_rows():
    data = xlsx_bytes(
        [
            ["RF", "Nome Completo", "EMAIL", "Cargo", "Coluna extra"],
            [123456, "Maria Antônia", "maria@prefeitura.test", "Enfermeira", 3.5],
            [None, None, None, None, None],
            ["00789", "João", "joao@prefeitura.test", None, None],
        ]
    )
    with open_table(io.BytesIO(data), columns=PEOPLE_COLUMNS, filename="lista.xlsx") as table:
        assert table.columns == {
            "registration_number": "RF",
            "full_name": "Nome Completo",
            "email": "EMAIL",
            "job_title": "Cargo",
        }
        rows = list(table)
    assert rows == [
        (
            2,
            {
                "registration_number": "123456",
                "full_name": "Maria Antônia",
                "email": "maria@prefeitura.test",
                "job_title": "Enfermeira",
            },
        ),
        (
            4,
            {
                "registration_number": "00789",
                "full_name": "João",
                "email": "joao@prefeitura.test",
                "job_title": "",
            },
        ),
    ]


def test_english_headers_and_quoted_cells_with_delimiters_are_read():
    data = b'Registration number,Full name,Email\n1,"Silva, Ana",ana@x.test\n2,"Short row"\n'
    rows = list(read_rows(io.BytesIO(data), columns=PEOPLE_COLUMNS))
    assert rows[0] == (
        2,
        {"registration_number": "1", "full_name": "Silva, Ana", "email": "ana@x.test"},
    )
    # A short line gives empty cells, for the caller to report.
    assert rows[1] == (3, {"registration_number": "2", "full_name": "Short row", "email": ""})


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "The file is empty."),
        (b"Nome;E-mail\nAna;ana@x.test\n", "a.csv", "“Matrícula”"),
        (b"\x00\x01\x02garbage\xff" * 50, "a.csv", "not a CSV or XLSX"),
        (b"\xd0\xcf\x11\xe0old excel", "a.xls", ".xls"),
        (b"not a zip", "a.xlsx", "not a valid XLSX"),
        (b"PK\x03\x04broken zip", "a.xlsx", "not a valid XLSX"),
        (b"Matricula;Nome;Email\n", "a.pdf", "CSV or XLSX"),
    ],
)
def test_unreadable_files_say_why(data, filename, message):
    with pytest.raises(TableError) as error:
        list(
            read_rows(
                io.BytesIO(data),
                columns=PEOPLE_COLUMNS,
                required=people_import.REQUIRED_COLUMNS,
                filename=filename,
            )
        )
    assert message in error.value.message


def test_a_cell_too_long_is_named_in_portuguese():
    from django.utils import translation

    data = ("Matrícula;Nome completo;E-mail\n1;" + "A" * 2_000_000 + ";a@x.test\n").encode()
    with translation.override("pt-br"), pytest.raises(TableError) as error:
        list(read_rows(io.BytesIO(data), columns=PEOPLE_COLUMNS, filename="a.csv"))
    assert str(error.value.message) == (
        "Não é possível ler a linha 2: uma célula tem mais de 1.048.576 caracteres."
    )


# --- Upload --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (csv_file(""), "file is empty."),
        (SimpleUploadedFile("lista.pdf", b"%PDF-1.4 ..."), "Send a CSV or XLSX file"),
        (SimpleUploadedFile("lista.csv", bytes(range(256)) * 40), "not a CSV or XLSX"),
        (csv_file(HEADER + "\n"), "has a header but no people"),
        (csv_file("Nome;Cargo\nAna;Enfermeira\n"), "Column missing from the header"),
        (
            SimpleUploadedFile("lista.csv", b"a" * (20 * 1024 * 1024 + 1)),
            "The file is too big",
        ),
    ],
)
def test_bad_uploads_are_refused_with_a_message_on_the_form(
    manager_client, django_capture_on_commit_callbacks, file, message
):
    response = upload(manager_client, django_capture_on_commit_callbacks, file)
    assert response.status_code == HTTPStatus.OK
    page = text_of(response)
    assert message in page
    # The message is tied to the field it is about.
    assert 'id="id_file-errors"' in page
    assert re.search(
        r'<input type="file"[^>]*aria-describedby="id_file-errors id_file-helptext"', page
    )
    assert not PersonImport.objects.exists()


def test_the_template_lists_the_expected_headers(manager_client):
    response = manager_client.get(reverse("people_import:template"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    header = b"".join(response.streaming_content).decode("utf-8-sig").strip()
    assert header == HEADER


# --- Preview and confirm -------------------------------------------------------------------------


def test_the_preview_lists_every_problem_by_line_and_writes_nothing(
    manager_client, django_capture_on_commit_callbacks, organisation, make_person
):
    make_person(email="tomada@prefeitura.test", registration_number="999")
    make_person(email="sem-rf@prefeitura.test")
    # A second unit with the acronym UBS makes "UBS" ambiguous.
    organisation["crs_sul"].add_child(acronym="UBS", name="UBS Santo Amaro")
    people_before = User.objects.count()
    lines = [
        HEADER,
        "100;Ana Souza;;ana@prefeitura.test;DRE Penha;Professora;Penha",  # 2: fine
        "101;Bruno Lima;;bruno@prefeitura.test;XYZ;;",  # 3: unknown unit
        "102;Carla Dias;;carla@prefeitura.test;;;Atlântida",  # 4: unknown territory
        "100;Outra Ana;;outra@prefeitura.test;;;",  # 5: duplicate registration number
        "103;Ana de Novo;;ANA@prefeitura.test;;;",  # 6: duplicate e-mail (any case)
        "104;Davi Reis;;tomada@prefeitura.test;;;",  # 7: e-mail of another person
        "105;Eva Melo;;eva-arroba-prefeitura;;;",  # 8: invalid e-mail
        ";Fábio Sem RF;;fabio@prefeitura.test;;;",  # 9: no registration number
        "106;;;gabi@prefeitura.test;;;",  # 10: no name
        "107;Hugo Sem Email;;;;;",  # 11: no e-mail
        "108;Iara Nunes;;iara@prefeitura.test;UBS;;",  # 12: ambiguous acronym
        "109;Júlia Ramos;;julia@prefeitura.test;UBS – UBS Casa Verde;;sé",  # 13: fine
        "110;Kátia Alves;;SEM-RF@prefeitura.test;;;",  # 14: existing person, by e-mail
    ]
    upload(manager_client, django_capture_on_commit_callbacks, csv_file("\n".join(lines)))
    person_import = latest_import()
    assert person_import.status == PersonImport.Status.VALIDATED
    assert User.objects.count() == people_before  # nothing written before confirming

    page = text_of(manager_client.get(reverse("people_import:detail", args=[person_import.pk])))
    assert "Confirm the import" in page
    expected = {
        3: "No unit has the acronym “XYZ”.",
        4: "No territory is called “Atlântida”.",
        5: "This registration number is already on line 2 of the file.",
        6: "This e-mail address is already on line 2 of the file.",
        7: "This e-mail address belongs to a person with another registration number.",
        8: "“eva-arroba-prefeitura” is not a valid e-mail address.",
        9: "Registration number is missing.",
        10: "Full name is missing.",
        11: "E-mail is missing.",
        12: "More than one unit has the acronym “UBS”",
    }
    rows = {row.line: row for row in person_import.rows.all()}
    for line, message in expected.items():
        assert rows[line].action == PersonImportRow.Action.ERROR, line
        assert message in page, message
    assert rows[2].action == rows[13].action == PersonImportRow.Action.CREATE
    assert rows[14].action == PersonImportRow.Action.UPDATE
    assert "Registration number: 110" in page  # what the update changes
    assert (person_import.created_count, person_import.updated_count) == (2, 1)
    assert person_import.error_count == 10

    only_errors = text_of(
        manager_client.get(
            reverse("people_import:detail", args=[person_import.pk]), {"errors": "1"}
        )
    )
    assert "Bruno Lima" in only_errors and "Júlia Ramos" not in only_errors


def test_a_latin1_semicolon_file_from_excel_previews_with_its_accents(
    manager_client, django_capture_on_commit_callbacks, organisation
):
    text = "Matrícula;Nome;E-mail;Unidade;Subprefeitura\r\n7;Conceição Araújo;c@x.test;SMS;Sé\r\n"
    upload(manager_client, django_capture_on_commit_callbacks, csv_file(text, encoding="cp1252"))
    page = text_of(manager_client.get(reverse("people_import:detail", args=[latest_import().pk])))
    assert "Conceição Araújo" in page
    assert "Territory: Sé" in page and "Unit: SMS – Secretaria Municipal da Saúde" in page


def test_confirming_applies_the_valid_lines_and_importing_again_changes_nothing(
    manager_client, django_capture_on_commit_callbacks, organisation
):
    text = "\n".join(
        [
            HEADER,
            "200;Laura Campos;Lau;laura@prefeitura.test;UBS;Agente de saúde;Casa Verde",
            "201;Mário Prado;;MARIO@prefeitura.test;DRE Penha;;",
            "202;Sem Unidade;;sem@prefeitura.test;NADA;;",
        ]
    )
    upload(manager_client, django_capture_on_commit_callbacks, csv_file(text))
    person_import = latest_import()
    result = text_of(confirm(manager_client, django_capture_on_commit_callbacks, person_import))
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.APPLIED
    assert "People created" in result and "Lines skipped (errors)" in result
    assert (person_import.created_count, person_import.error_count) == (2, 1)

    laura = User.objects.get(registration_number="200")
    assert (laura.full_name, laura.social_name, laura.email) == (
        "Laura Campos",
        "Lau",
        "laura@prefeitura.test",
    )
    assert laura.unit == organisation["ubs"] and laura.job_title == "Agente de saúde"
    assert laura.territory == Territory.objects.get(code="casa-verde-cachoeirinha")
    assert not laura.has_usable_password()
    assert laura.groups.filter(name=Role.LEARNER.value).exists()
    assert User.objects.get(registration_number="201").email == "mario@prefeitura.test"
    assert not User.objects.filter(email="sem@prefeitura.test").exists()
    assert mail.outbox == []  # no invitation unless asked for

    upload(manager_client, django_capture_on_commit_callbacks, csv_file(text))
    again = latest_import()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    page = text_of(manager_client.get(reverse("people_import:detail", args=[again.pk])))
    assert "Nothing to import" in page and "Confirm the import" not in page
    assert User.objects.filter(registration_number__in=["200", "201"]).count() == 2


def test_an_update_shows_what_changes_and_keeps_a_claimed_email(
    manager_client, django_capture_on_commit_callbacks, organisation, make_person
):
    claimed = make_person(
        email="nina@prefeitura.test",
        registration_number="300",
        full_name="Nina Antiga",
        social_name="Nina",
        unit=organisation["sms"],
    )
    unclaimed = User.objects.create_user(
        email="erro-de-digitacao@prefeitura.test", registration_number="301", full_name="Otto"
    )
    unclaimed.set_unusable_password()
    unclaimed.save()
    text = "\n".join(
        [
            HEADER,
            "300;Nina Nova;;nina.nova@prefeitura.test;UBS;Médica;",
            "301;Otto;;otto@prefeitura.test;;;",
        ]
    )
    upload(manager_client, django_capture_on_commit_callbacks, csv_file(text))
    person_import = latest_import()
    page = text_of(manager_client.get(reverse("people_import:detail", args=[person_import.pk])))
    assert "Full name: Nina Antiga → Nina Nova" in page
    assert "Unit: SMS – Secretaria Municipal da Saúde → UBS – UBS Casa Verde" in page
    assert "Job title: Médica" in page
    assert "The person keeps their e-mail address" in page
    assert "E-mail: erro-de-digitacao@prefeitura.test → otto@prefeitura.test" in page

    confirm(manager_client, django_capture_on_commit_callbacks, person_import)
    claimed.refresh_from_db()
    unclaimed.refresh_from_db()
    assert (claimed.full_name, claimed.unit, claimed.job_title) == (
        "Nina Nova",
        organisation["ubs"],
        "Médica",
    )
    assert claimed.social_name == "Nina"  # a blank cell erases nothing
    assert claimed.email == "nina@prefeitura.test"
    assert unclaimed.email == "otto@prefeitura.test"


def test_confirming_checks_again_against_the_database_of_that_moment(
    manager_client, django_capture_on_commit_callbacks, make_person
):
    text = "\n".join([HEADER, "400;Paula;;paula@prefeitura.test;;;", "401;Rui;;rui@x.test;;;"])
    upload(manager_client, django_capture_on_commit_callbacks, csv_file(text))
    person_import = latest_import()
    assert person_import.created_count == 2
    make_person(email="rui@x.test", registration_number="777")  # signed up meanwhile
    page = text_of(confirm(manager_client, django_capture_on_commit_callbacks, person_import))
    person_import.refresh_from_db()
    assert (person_import.created_count, person_import.error_count) == (1, 1)
    assert "This e-mail address belongs to a person with another registration number." in page
    assert User.objects.filter(registration_number="400").exists()


def test_an_import_that_fails_midway_writes_nothing(
    manager_client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(people_import, "BATCH_SIZE", 2)
    text = "\n".join([HEADER] + [f"{500 + i};Pessoa {i};;p{i}@x.test;;;" for i in range(5)])
    upload(manager_client, django_capture_on_commit_callbacks, csv_file(text))
    person_import = latest_import()
    real_write = people_import._write
    calls = []

    def failing_write(items, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_write(items, **kwargs)

    monkeypatch.setattr(people_import, "_write", failing_write)
    page = text_of(confirm(manager_client, django_capture_on_commit_callbacks, person_import))
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.FAILED
    assert "The list could not be imported: nothing was changed." in page
    assert not User.objects.filter(registration_number__startswith="50").exists()


def test_a_manager_imports_only_into_their_scope(
    client, django_capture_on_commit_callbacks, organisation, make_person
):
    manager = make_person(role=Role.MANAGER, managed_unit=organisation["crs_norte"])
    make_person(registration_number="600", email="fora@x.test", unit=organisation["dre"])
    make_person(registration_number="601", email="dentro@x.test", unit=organisation["ubs"])
    english(client).force_login(manager)
    text = "\n".join(
        [
            HEADER,
            "610;Dentro;;novo@x.test;UBS;;",  # 2: fine
            "611;Fora;;fora-novo@x.test;SME;;",  # 3: unit outside the scope
            "612;Sem unidade;;sem@x.test;;;",  # 4: a new person needs a unit
            "600;Pessoa de Fora;;outro-fora@x.test;;;",  # 5: the number of someone outside
            "601;Pessoa de Dentro;;dentro@x.test;;;",  # 6: existing person inside: fine
            "613;Outra;;FORA@x.test;UBS;;",  # 7: the e-mail of someone outside
        ]
    )
    upload(client, django_capture_on_commit_callbacks, csv_file(text))
    person_import = latest_import()
    page = text_of(client.get(reverse("people_import:detail", args=[person_import.pk])))
    assert "The unit “SME – Secretaria Municipal de Educação” is outside your scope." in page
    assert "Give the unit: you may only import people into units in your scope." in page
    # Lines 5 and 7 get the one answer, whichever identifier matched, naming nobody.
    outside = (
        "This registration number or e-mail belongs to a person outside your scope: an "
        "administrator can update them."
    )
    assert page.count(outside) == 2
    assert "another registration number" not in page and "Another person" not in page
    confirm(client, django_capture_on_commit_callbacks, person_import)
    assert User.objects.get(registration_number="610").unit == organisation["ubs"]
    assert User.objects.get(registration_number="601").full_name == "Pessoa de Dentro"
    assert User.objects.get(registration_number="600").full_name != "Pessoa de Fora"
    assert not User.objects.filter(registration_number__in=["611", "612"]).exists()


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER])
def test_learners_and_trainers_get_403_on_every_import_url(
    client, django_capture_on_commit_callbacks, manager, make_person, role
):
    client.force_login(manager)
    upload(client, django_capture_on_commit_callbacks, csv_file(HEADER + "\n1;Ana;;a@x.test;;;"))
    person_import = latest_import()
    client.force_login(make_person(role=role))
    for url in (
        reverse("people_import:index"),
        reverse("people_import:template"),
        reverse("people_import:detail", args=[person_import.pk]),
        reverse("people_import:detail", args=[person_import.pk]) + "?format=json",
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url
    for url in (
        reverse("people_import:index"),
        reverse("people_import:confirm", args=[person_import.pk]),
    ):
        assert client.post(url).status_code == HTTPStatus.FORBIDDEN, url
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.VALIDATED
    assert not User.objects.filter(email="a@x.test").exists()


def test_anonymous_visitors_are_sent_to_log_in_and_others_imports_are_not_found(
    client, django_capture_on_commit_callbacks, manager, make_person
):
    client.force_login(manager)
    upload(client, django_capture_on_commit_callbacks, csv_file(HEADER + "\n1;Ana;;a@x.test;;;"))
    person_import = latest_import()
    client.force_login(make_person(role=Role.MANAGER))
    detail = reverse("people_import:detail", args=[person_import.pk])
    assert client.get(detail).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.post(reverse("people_import:confirm", args=[person_import.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )
    client.logout()
    response = client.get(reverse("people_import:index"))
    assert response.status_code == HTTPStatus.FOUND and "next=" in response.url


def test_the_menu_item_is_for_managers_only(client, manager, make_person):
    client.force_login(manager)
    assert (
        reverse("people_import:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(make_person(role=Role.TRAINER))
    assert (
        reverse("people_import:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_invitations_go_only_to_new_people_when_asked_and_let_them_set_a_password(
    manager_client, django_capture_on_commit_callbacks, make_person
):
    make_person(registration_number="700", email="antiga@x.test", full_name="Antiga")
    text = "\n".join([HEADER, "700;Antiga Nome Novo;;antiga@x.test;;;", "701;Sara;;sara@x.test;;;"])
    upload(manager_client, django_capture_on_commit_callbacks, csv_file(text), invite=True)
    person_import = latest_import()
    assert mail.outbox == []  # the preview sends nothing
    result = text_of(confirm(manager_client, django_capture_on_commit_callbacks, person_import))
    assert [message.to for message in mail.outbox] == [["sara@x.test"]]
    assert "Invitations sent" in result
    body = mail.outbox[0].body
    link = re.search(r"https?://\S+/password/reset/key/\S+/", body).group(0)

    # The invited person follows the link, chooses a password and can log in with it.
    client = manager_client.__class__()
    response = client.get(urlsplit(link).path, follow=True)
    assert response.status_code == HTTPStatus.OK
    form_url = response.redirect_chain[-1][0]
    new_password = "Uma-senha-nova-456"
    client.post(form_url, {"password1": new_password, "password2": new_password})
    sara = User.objects.get(email="sara@x.test")
    assert sara.check_password(new_password)

    # Running the invitations again sends nothing more.
    assert people_import.person_import_invite(import_id=person_import.pk) == 0


def test_imported_people_can_claim_their_account_with_forgot_password(
    manager_client, django_capture_on_commit_callbacks
):
    upload(
        manager_client,
        django_capture_on_commit_callbacks,
        csv_file(HEADER + "\n9;Tito;;tito@x.test;;;"),
    )
    confirm(manager_client, django_capture_on_commit_callbacks, latest_import())
    assert mail.outbox == []
    anonymous = manager_client.__class__()
    anonymous.post(reverse("account_reset_password"), {"email": "tito@x.test"})
    assert [message.to for message in mail.outbox] == [["tito@x.test"]]
    assert "/password/reset/key/" in mail.outbox[0].body
    assert PASSWORD  # the fixtures' password is not the imported person's
    assert not User.objects.get(email="tito@x.test").check_password(PASSWORD)


def test_a_5000_line_file_is_imported_through_the_tasks_with_bounded_queries(
    manager_client, django_capture_on_commit_callbacks, organisation, django_assert_max_num_queries
):
    lines = [HEADER] + [
        f"{10000 + i};Pessoa Número {i};;agente{i}@prefeitura.test;UBS;Agente;Casa Verde"
        for i in range(5000)
    ]
    upload(manager_client, django_capture_on_commit_callbacks, csv_file("\n".join(lines)))
    person_import = latest_import()
    assert (person_import.rows_total, person_import.created_count) == (5000, 5000)
    state = manager_client.get(
        reverse("people_import:detail", args=[person_import.pk]), {"format": "json"}
    ).json()
    assert state["status"] == "validated" and state["percent"] == 100

    page = text_of(manager_client.get(reverse("people_import:detail", args=[person_import.pk])))
    assert "Page 1 of 100" in page
    # Lookups and writes per batch of 1,000 lines, never per line (SQLite splits a bulk
    # insert into statements of at most 999 parameters: a few dozen per batch).
    with django_assert_max_num_queries(250):
        confirm(manager_client, django_capture_on_commit_callbacks, person_import)
    person_import.refresh_from_db()
    assert person_import.status == PersonImport.Status.APPLIED
    assert person_import.created_count == 5000
    assert User.objects.filter(unit=organisation["ubs"], job_title="Agente").count() == 5000
    assert User.objects.get(registration_number="14999").full_name == "Pessoa Número 4999"


def test_operators_check_and_apply_a_list_from_the_command_line(tmp_path, organisation):
    from django.core.management import call_command

    path = tmp_path / "lista.csv"
    path.write_text(HEADER + "\n800;Vera;;vera@x.test;UBS;;\n801;;;sem-nome@x.test;;;\n")
    report = io.StringIO()
    call_command("import_people", str(path), stdout=report)
    assert "line 3: Full name is missing." in report.getvalue()
    assert not User.objects.filter(email="vera@x.test").exists()
    call_command("import_people", str(path), "--apply", stdout=report)
    assert User.objects.get(email="vera@x.test").unit == organisation["ubs"]
    assert mail.outbox == []


def test_an_unclaimed_account_with_a_staff_role_keeps_its_email(
    manager_client, django_capture_on_commit_callbacks
):
    from lms.services import person_add_role

    trainer = User.objects.create_user(email="formador@x.test", registration_number="900")
    trainer.set_unusable_password()
    trainer.save()
    person_add_role(user=trainer, role=Role.TRAINER)
    text = HEADER + "\n900;Formador;;outro-endereco@x.test;;;"
    upload(manager_client, django_capture_on_commit_callbacks, csv_file(text))
    page = text_of(confirm(manager_client, django_capture_on_commit_callbacks, latest_import()))
    assert "The person keeps their e-mail address" in page
    trainer.refresh_from_db()
    assert (trainer.email, trainer.full_name) == ("formador@x.test", "Formador")
