"""Figure 5: a whole city's HR list (120,000 people) checked and applied, on PostgreSQL.

The target (issue 20): under 2 minutes end to end, peak memory under 300 MB. What is timed is
what an operator runs, ``manage.py import_people FILE --apply``: read the file, check every
line (the preview), check again and write in one transaction; the admin's upload and confirm
go through the same services in the tasks. Each run is a process of its own, so its peak
memory (``ru_maxrss`` from ``wait4``) is the import's alone. Two runs a repeat:

- the city's first list: every line a new person;
- the same list a month later (after the database's routine ANALYZE): the people found
  again, one line in ten changed (a new job title, one in thirty a new unit too), the rest
  unchanged.

The database it is given must be an empty PostgreSQL database: it is migrated and the city's
territories and demo organisation are loaded before anything is timed. Before each repeat the
imported people are deleted. Run alone, it makes (and drops) a database of its own, named
after ``CAPACITA_BENCH_DATABASE``:

    .venv/bin/python -m bench.hr_import --rows 120000 --repeats 3
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
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.common import BENCH_DATABASE, Figure, at_most

SECTION = "5. HR import"
ROOT = Path(__file__).resolve().parent.parent
CITY_ROWS = 120_000  # a whole city's staff
TIME_TARGET = 120  # seconds, check and apply
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


def write_hr_csv(
    path: Path, rows: int, units: list[str], territories: list[str], *, month: int = 0
) -> int:
    """``rows`` people as an HR system exports them: UTF-8 with a BOM, ``;``-separated.

    ``month`` 1 is the same list a month later: one line in ten has a new job title (one in
    thirty a new unit too). Returns how many lines change someone."""
    generator = random.Random(5)
    changed = 0
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
            unit = generator.randrange(len(units))
            job_title = generator.randrange(len(JOB_TITLES))
            territory = generator.choice(territories) if number % 7 else ""
            if month and number % 10 == 0:
                changed += 1
                job_title = (job_title + month) % len(JOB_TITLES)
                if number % 30 == 0:
                    unit = (unit + month) % len(units)
            writer.writerow(
                (
                    f"{7_000_000 + number}",
                    full_name,
                    social_name,
                    email,
                    units[unit],
                    JOB_TITLES[job_title],
                    territory,
                )
            )
    return changed


def _analyze(database_url: str) -> None:
    """What autovacuum does in the month between two lists (the bench server runs without)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


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


@dataclass
class Run:
    seconds: float  # the whole command: start-up, check, apply
    checking: float  # person_import_validate
    applying: float  # person_import_apply
    peak_mb: float


def _last_import(database_url: str) -> tuple:
    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "SELECT status, created_count, updated_count, unchanged_count, error_count, "
            "EXTRACT(EPOCH FROM validated_at - created_at), "
            "EXTRACT(EPOCH FROM applied_at - validated_at) "
            "FROM lms_personimport ORDER BY id DESC LIMIT 1"
        ).fetchone()


def _people(database_url: str) -> int:
    with psycopg.connect(database_url) as connection:
        (people,) = connection.execute(
            "SELECT count(*) FROM lms_user u JOIN lms_user_groups g ON g.user_id = u.id "
            "WHERE u.email LIKE %s AND u.registration_number <> ''",
            [f"%@{DOMAIN}"],
        ).fetchone()
    return people


def import_once(csv_path: Path, env: dict[str, str], database_url: str, expect: tuple) -> Run:
    """Run ``import_people FILE --apply`` and check it did ``expect`` (created, updated,
    unchanged, errors)."""
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
    last = _last_import(database_url)
    if last is None or last[0] != "applied" or tuple(last[1:5]) != expect:
        raise RuntimeError(f"import_people should have applied {expect}; the import reads {last}")
    return Run(elapsed, float(last[5]), float(last[6]), usage.ru_maxrss / 1024)  # KiB on Linux


def _figures(name: str, runs: list[Run], command: str, notes: str) -> list[Figure]:
    return [
        Figure(
            section=SECTION,
            name=f"{name}: check + apply",
            unit="s",
            values=[round(run.seconds, 1) for run in runs],
            target=f"< {TIME_TARGET}",
            met=all(at_most(run.seconds, TIME_TARGET - 0.001) for run in runs),
            command=command,
            notes=notes
            + "; checking / applying: "
            + ", ".join(f"{run.checking:.1f} s / {run.applying:.1f} s" for run in runs),
        ),
        Figure(
            section=SECTION,
            name=f"{name}: peak RSS",
            unit="MB",
            values=[round(run.peak_mb, 1) for run in runs],
            target=f"< {MEMORY_TARGET}",
            met=all(at_most(run.peak_mb, MEMORY_TARGET - 0.001) for run in runs),
            command=command,
            notes="ru_maxrss of the import_people process.",
        ),
    ]


def measure(database_url: str, rows: int = CITY_ROWS, repeats: int = 3) -> list[Figure]:
    """Import a city's first list of ``rows`` people, then the same list a month later,
    ``repeats`` times; the time and peak memory of each."""
    command = (
        f"DATABASE_URL=… DJANGO_DEBUG=false .venv/bin/python manage.py import_people "
        f"hr-{rows}.csv --apply  (python -m bench.hr_import --rows {rows} --repeats {repeats})"
    )
    first, later = [], []
    with tempfile.TemporaryDirectory(prefix="capacita-bench-hr-") as scratch:
        env = _subprocess_env(database_url, str(Path(scratch) / "private"))
        units, territories = prepare(database_url, env)
        first_list = Path(scratch) / f"hr-{rows}.csv"
        write_hr_csv(first_list, rows, units, territories)
        later_list = Path(scratch) / f"hr-{rows}-month-1.csv"
        changed = write_hr_csv(later_list, rows, units, territories, month=1)
        size_mb = first_list.stat().st_size / 1e6
        for _ in range(repeats):
            _forget_imported(database_url)
            first.append(import_once(first_list, env, database_url, (rows, 0, 0, 0)))
            if _people(database_url) != rows:
                raise RuntimeError(f"{rows:,} learners should have been created")
            _analyze(database_url)
            later.append(
                import_once(later_list, env, database_url, (0, changed, rows - changed, 0))
            )
        _forget_imported(database_url)
    notes = (
        f"CSV of {size_mb:.1f} MB (UTF-8, ;), Portuguese names, units by acronym or label, "
        "territories; wall time of the whole command (start-up, then checking and applying "
        "in one transaction, as the import records them)"
    )
    return [
        *_figures(f"a city's first list, {rows:,} new people", first, command, notes),
        *_figures(
            f"the same list a month later, {changed:,} of {rows:,} lines changed",
            later,
            command,
            notes,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=CITY_ROWS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--database",
        default=f"{BENCH_DATABASE}_hr",
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
