"""Mixed load: learners browse, enrol, read lessons and answer quizzes; managers read indicators.

Run by ``bench.mixed`` (``locust --headless``); ``BENCH_PLAN`` names a JSON file holding the
online courses (ids and URLs of their lessons and quiz) and the session cookies of the
learners and managers, made beforehand so no load is spent hashing passwords.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

PLAN = json.load(open(os.environ["BENCH_PLAN"]))  # noqa: SIM115 (read once at start)
_learners = itertools.cycle(PLAN["learners"])
_managers = itertools.cycle(PLAN["managers"])
_CHOICE = re.compile(r'name="(q-[^"]+)" value="([^"]+)"')
# A learner's pause between two actions, in seconds ("low,high"; see bench.mixed).
_THINK = [float(s) for s in os.environ.get("BENCH_THINK", "1,3").split(",")]


class _Person(HttpUser):
    abstract = True

    def _sign_in(self, session_key: str) -> None:
        self.client.cookies.set("sessionid", session_key)

    def _check(self, response) -> None:
        if response.status_code >= 400:
            response.failure(f"HTTP {response.status_code}")
        else:
            response.success()

    def get(self, path: str, name: str | None = None):
        with self.client.get(path, name=name, catch_response=True) as response:
            self._check(response)
            return response

    def post(self, path: str, data: dict, name: str):
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            path, data=data, headers=headers, name=name, catch_response=True
        ) as response:
            self._check(response)
            return response


class Learner(_Person):
    weight = 100
    wait_time = between(*_THINK)

    def on_start(self) -> None:
        self._sign_in(next(_learners))
        self.enrolled: set[int] = set()
        self.course = random.choice(PLAN["courses"])
        self.get(PLAN["catalogue"], name="catalogue")

    def _in_course(self) -> None:
        """Lessons and quizzes are for enrolled learners: enrol first, as a person would."""
        if self.course["id"] not in self.enrolled:
            self.enrol()

    @task(3)
    def browse(self) -> None:
        self.get(PLAN["catalogue"], name="catalogue")
        self.course = random.choice(PLAN["courses"])
        self.get(self.course["url"], name="course page")

    @task(2)
    def enrol(self) -> None:
        self.get(self.course["url"], name="course page")
        self.post(f"/minha-aprendizagem/cursos/{self.course['id']}/inscricao/", {}, "enrol")
        self.enrolled.add(self.course["id"])

    @task(5)
    def lesson(self) -> None:
        if not self.course["lessons"]:
            return
        self._in_course()
        lesson = random.choice(self.course["lessons"])
        self.get(lesson["url"], name="lesson")
        self.post(f"/minha-aprendizagem/aulas/{lesson['id']}/concluir/", {}, "complete lesson")

    @task(1)
    def quiz(self) -> None:
        quiz = self.course.get("quiz")
        if not quiz:
            return
        self._in_course()
        page = self.get(quiz["url"], name="quiz")
        answers: dict[str, str] = {}
        for question, choice in _CHOICE.findall(page.text):
            answers.setdefault(question, choice)
        self.post(
            f"/minha-aprendizagem/questionarios/{quiz['id']}/respostas/", answers, "submit quiz"
        )

    @task(2)
    def my_learning(self) -> None:
        self.get("/minha-aprendizagem/", name="my learning")


class Manager(_Person):
    weight = 5
    fixed_count = 5
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self._sign_in(next(_managers))

    @task
    def dashboard(self) -> None:
        self.get(random.choice(PLAN["dashboards"]), name="dashboard")
