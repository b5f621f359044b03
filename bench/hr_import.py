"""Figure 5: an HR list of 100,000 new people imported end to end, on PostgreSQL.

What is timed is what an operator runs, ``manage.py import_people FILE --apply``: read the
file, check every line (the preview), check again and write in one transaction. The admin's
upload and confirm go through the same tasks. Each repeat runs the command in a process of its
own, so the peak memory (``ru_maxrss`` from ``wait4``) is the import's alone, with Celery
tasks run in-process (no broker), as on a single-machine install.

The database it is given must be an empty PostgreSQL database: it is migrated and the city's
territories and demo organisation are loaded before anything is timed. Between repeats the
imported people are deleted, so each repeat creates ``rows`` new people. Run alone, it makes
(and drops) a database of its own:

    .venv/bin/python -m bench.hr_import --rows 100000 --repeats 3
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import psycopg

from bench.common import Figure, at_least, at_most

SECTION = "5. HR import"
ROOT = Path(__file__).resolve().parent.parent
RATE_TARGET = 5000  # rows/s
MEMORY_TARGET = 300  # MB
# The project's interpreter, as an operator runs the command (the bench may run under another).
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").is_dir() else sys.executable
DOMAIN = "prefeitura-bench.sp.gov.br"  # the generated people's e-mails, to count and delete

FIRST_NAMES = (
    "Ana", "Antônio", "Beatriz", "Bruno", "Camila", "César", "Cláudia", "Conceição", "Débora",
    "Eduardo", "Élida", "Fábio", "Fernanda", "Flávia", "Gabriel", "Glória", "Helena", "Inês",
    "Íris", "Jéssica", "João", "José", "Júlia", "Lúcia", "Luís", "Márcia", "Marcos", "Maria",
    "Mônica", "Otávio", "Patrícia", "Paulo", "Rafael", "Regina", "Sebastião", "Simone",
    "Sônia", "Tânia", "Thiago", "Valéria", "Vinícius", "Vitória",
)  # fmt: skip
SURNAMES = (
    "Almeida", "Araújo", "Assunção", "Azevedo", "Barbosa", "Brandão", "Cardoso", "Carvalho",
    "Conceição", "Costa", "da Silva", "de Jesus", "de Souza", "dos Santos", "Falcão", "Ferreira",
    "Gonçalves", "Guimarães", "Lima", "Magalhães", "Melo", "Nascimento", "Oliveira", "Pereira",
    "Ribeiro", "Rodrigues", "Simões", "Teixeira", "Vieira",
)  # fmt: skip
JOB_TITLES = (
    "Agente comunitária de saúde", "Agente de apoio", "Analista de políticas públicas",
    "Assistente administrativo de gestão", "Assistente social", "Auxiliar técnico de educação",
    "Coordenadora pedagógica", "Enfermeira", "Médico", "Professor de educação infantil",
    "Professora de ensino fundamental II", "Psicóloga", "Técnica de enfermagem",
    "Diretor de escola", "Supervisor escolar",
)  # fmt: skip
HEADER = ("Matrícula", "Nome completo", "Nome social", "E-mail", "Unidade", "Cargo", "Território")


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _subprocess_env(database_url: str, private_root: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CELERY_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench",
        ALLOWED_HOSTS="127.0.0.1",
        PRIVATE_MEDIA_ROOT=private_root,
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(database_url: str, env: dict[str, str]) -> tuple[list[str], list[str]]:
    """Migrate, load territories and units; the unit and territory texts an HR file uses."""
    _manage(env, "migrate", "--no-input")
    _manage(env, "shell", "-c", "import io; from lms import demo; demo.seed_demo(io.StringIO())")
    with psycopg.connect(database_url) as connection:
        units = connection.execute(
            "SELECT acronym, name FROM lms_organisationalunit ORDER BY path"
        ).fetchall()
        territories = connection.execute(
            "SELECT name, code FROM lms_territory ORDER BY name"
        ).fetchall()
    counts: dict[str, int] = {}
    for acronym, _name in units:
        counts[acronym] = counts.get(acronym, 0) + 1
    # HR writes the acronym when it names one unit, the full label ("UBS – UBS Brás") when
    # several units share it; territories by name, now and then by their code.
    unit_texts = [
        acronym if counts[acronym] == 1 else f"{acronym} – {name}" for acronym, name in units
    ]
    territory_texts = [name for name, _code in territories] + [
        code for _name, code in territories[::4]
    ]
    return unit_texts, territory_texts


def write_hr_csv(path: Path, rows: int, units: list[str], territories: list[str]) -> None:
    """``rows`` people as an HR system exports them: UTF-8 with a BOM, ``;``-separated."""
    generator = random.Random(5)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADER)
        for number in range(rows):
            first = generator.choice(FIRST_NAMES)
            middle, last = generator.sample(SURNAMES, 2)
            full_name = f"{first} {middle} {last}"
            social_name = f"{generator.choice(FIRST_NAMES)} {last}" if number % 50 == 0 else ""
            local = _ascii(f"{first}.{last}").lower().replace(" ", "")
            email = f"{local}.{number}@{DOMAIN}"
            if number % 10 == 0:
                email = email.capitalize()  # addresses typed with capitals, matched any case
            writer.writerow(
                (
                    f"{7_000_000 + number}",
                    full_name,
                    social_name,
                    email,
                    generator.choice(units),
                    generator.choice(JOB_TITLES),
                    generator.choice(territories) if number % 7 else "",
                )
            )


def _forget_imported(database_url: str) -> None:
    """Delete what a repeat imported, so the next one creates the same people again."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        with connection.transaction():
            connection.execute("DELETE FROM lms_personimportrow")
            connection.execute("DELETE FROM lms_personimport")
            connection.execute(
                "DELETE FROM lms_user_groups WHERE user_id IN "
                "(SELECT id FROM lms_user WHERE email LIKE %s)",
                [f"%@{DOMAIN}"],
            )
            connection.execute("DELETE FROM lms_user WHERE email LIKE %s", [f"%@{DOMAIN}"])
        connection.execute("VACUUM ANALYZE")


def _imported(database_url: str) -> tuple[int, tuple | None]:
    with psycopg.connect(database_url) as connection:
        (people,) = connection.execute(
            "SELECT count(*) FROM lms_user WHERE email LIKE %s AND registration_number <> ''",
            [f"%@{DOMAIN}"],
        ).fetchone()
        last = connection.execute(
            "SELECT status, created_count, error_count FROM lms_personimport "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return people, last


def import_once(csv_path: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run ``import_people FILE --apply``; its wall time in seconds and peak RSS in MB."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            [PYTHON, "manage.py", "import_people", str(csv_path), "--apply"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            output.seek(0)
            raise RuntimeError(
                f"import_people failed ({process.returncode}):\n"
                + output.read()[-4000:].decode(errors="replace")
            )
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def measure(database_url: str, rows: int = 100_000, repeats: int = 3) -> list[Figure]:
    """Import ``rows`` new people ``repeats`` times; figures for rows/s and peak memory."""
    command = (
        f"DATABASE_URL=… DJANGO_DEBUG=false .venv/bin/python manage.py import_people "
        f"hr-{rows}.csv --apply  (python -m bench.hr_import --rows {rows} --repeats {repeats})"
    )
    rates, peaks, seconds = [], [], []
    with tempfile.TemporaryDirectory(prefix="capacita-bench-hr-") as scratch:
        env = _subprocess_env(database_url, str(Path(scratch) / "private"))
        units, territories = prepare(database_url, env)
        csv_path = Path(scratch) / f"hr-{rows}.csv"
        write_hr_csv(csv_path, rows, units, territories)
        size_mb = csv_path.stat().st_size / 1e6
        for _ in range(repeats):
            _forget_imported(database_url)
            elapsed, peak = import_once(csv_path, env)
            people, last = _imported(database_url)
            if people != rows or last is None or last[:2] != ("applied", rows):
                raise RuntimeError(
                    f"import_people should have created {rows:,} people: the database holds "
                    f"{people:,}, and the import reads {last}."
                )
            seconds.append(elapsed)
            rates.append(rows / elapsed)
            peaks.append(peak)
        _forget_imported(database_url)
    notes = (
        f"{rows:,} new people per repeat, CSV of {size_mb:.1f} MB (UTF-8, ;), Portuguese names, "
        f"units by acronym or label, territories; wall time of the whole command "
        f"(start-up, check, apply in one transaction): " + ", ".join(f"{s:.1f} s" for s in seconds)
    )
    return [
        Figure(
            section=SECTION,
            name=f"import_people --apply, {rows:,} rows (CSV)",
            unit="rows/s",
            values=[round(rate) for rate in rates],
            target=f"≥ {RATE_TARGET:,}",
            met=all(at_least(rate, RATE_TARGET) for rate in rates),
            command=command,
            notes=notes,
        ),
        Figure(
            section=SECTION,
            name=f"import_people --apply, {rows:,} rows: peak RSS",
            unit="MB",
            values=[round(peak, 1) for peak in peaks],
            target=f"< {MEMORY_TARGET}",
            met=all(at_most(peak, MEMORY_TARGET - 0.001) for peak in peaks),
            command=command,
            notes="ru_maxrss of the import_people process (Celery tasks in-process).",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--database",
        default="capacita_bench_hr",
        help="PostgreSQL database to create, fill and drop (on 127.0.0.1, user postgres).",
    )
    args = parser.parse_args()
    pg = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *pg, "--if-exists", args.database], check=True)
    subprocess.run(["createdb", *pg, args.database], check=True)
    try:
        figures = measure(
            f"postgres://postgres@127.0.0.1:5432/{args.database}", args.rows, args.repeats
        )
    finally:
        subprocess.run(["dropdb", *pg, "--if-exists", args.database], check=True)
    for figure in figures:
        values = ", ".join(f"{value:g}" for value in figure.values)
        print(
            f"{figure.name}: median {figure.median:g} {figure.unit} ({values}); "
            f"target {figure.target}: {'met' if figure.met else 'NOT met'}"
        )
        print(f"  {figure.notes}")


if __name__ == "__main__":
    main()
