"""The pipeline files in deploy/ci/ run: every job of the GitLab and the Azure file, for a
merge request, a push to main and the nightly schedule, in a fresh clone of this repository.

How the CI systems are stood in for, so the files cannot rot:
- each file is read from the clone and its jobs are chosen by their own rules/conditions
  (a small evaluator for the expressions these files use; anything else fails the test);
- a job's script lines run in order in bash in the clone: GitLab's with `set -eo pipefail`
  (as its runner does), Azure's one `script:` step at a time, with `##vso[task.prependpath]`
  honoured and `$(NAME)` in a step's `env:` taken from the pipeline variables;
- install lines (`make install`) are not run: the tests use the .venv that is installed
  already (its bin/ is first on PATH), so the clone never installs packages again;
- "CI/CD variables" point at temporary places: the deploy folder is in tmp_path and the
  mail server is an aiosmtpd server on 127.0.0.1 with STARTTLS and a login (one per run);
- each (file, event) pipeline runs in its own clone; two run at the same time (module fixture
  `pipelines`), and each run's test then asserts on what its jobs did;
- artifacts and test reports a job declares must exist afterwards (JUnit must parse);
- non-script steps (checkout, UsePythonVersion, publish, PublishTestResults) are checked
  for what they name (full history, files that exist), not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from portaal.cli.reminders import owner_mailbox
from portaal.core.catalog import load_catalog
from portaal.core.publication import Publication
from portaal.core.review import ReviewState
from tests.helpers import ROOT
from tests.mailserver import PASSWORD, USER, Received, smtp_server

TODAY = "2027-06-01"
"""A day on which some real documents are overdue and others due soon."""
INSTALL_LINES = {"make install"}
"""Lines not run by the test: the installed .venv stands in for them (see the module docstring)."""
EVENTS = ("merge_request", "main", "schedule")
GITLAB_JOBS = {"merge_request": {"merge-request"}, "main": {"site", "deploy"},
               "schedule": {"site", "deploy", "nightly-check", "nightly-reminders"}}
AZURE_JOBS = {"merge_request": {"merge_request"}, "main": {"site"}, "schedule": {"site", "nightly"}}


@dataclass
class JobRun:
    name: str
    ok: bool
    log: str
    checks: list[str] = field(default_factory=list)
    """What the test checked of non-script steps and artifacts."""


# -- a fresh clone ---------------------------------------------------------------------

def fresh_clone(target: Path) -> Path:
    """A clone of this repository with the working tree's uncommitted changes to tracked files
    applied (untracked files stay out, as in CI)."""
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@douane.example", "-c", "advice.detachedHead=false"]
    if (ROOT / ".git").exists():
        subprocess.run([*git, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)], check=True)
        diff = subprocess.run([*git, "-C", str(ROOT), "diff", "HEAD", "--binary"], check=True,
                              capture_output=True).stdout
        if diff:
            subprocess.run([*git, "-C", str(target), "apply", "--whitespace=nowarn"], input=diff, check=True)
    else:  # an unpacked copy without git: a one-commit repository of its files
        ignore = {".venv", "node_modules", "site", ".pytest_cache", ".mypy_cache", ".ruff_cache", "__pycache__"}
        shutil.copytree(ROOT, target, ignore=lambda _d, names: [n for n in names if n in ignore])
        subprocess.run([*git, "-C", str(target), "init", "--quiet", "-b", "main"], check=True)
        subprocess.run([*git, "-C", str(target), "add", "-A"], check=True)
        subprocess.run([*git, "-C", str(target), "commit", "--quiet", "-m", "kopie"], check=True)
    return target


def base_environment(clone: Path, extra: Mapping[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PORTAAL_", "CI_", "GITLAB_", "BUILD_", "SYSTEM_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def run_bash(script: str, cwd: Path, env: Mapping[str, str]) -> tuple[bool, str]:
    result = subprocess.run(["bash", "-c", script], cwd=cwd, env=dict(env), capture_output=True, text=True,
                            timeout=600, check=False)
    return result.returncode == 0, f"$ {script}\n{result.stdout}{result.stderr}"


def lines_to_run(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip() not in INSTALL_LINES]


def check_junit(path: Path) -> ET.Element:
    assert path.is_file(), f"the job declares {path.name} as its test report, but did not write it"
    return ET.parse(path).getroot()


# -- GitLab -----------------------------------------------------------------------------

_GITLAB_COMPARISON = re.compile(r'\s*\$(\w+)\s*(==|!=)\s*(?:\$(\w+)|"([^"]*)")\s*')


def gitlab_if(expression: str, variables: Mapping[str, str]) -> bool:
    """`$A == "x"`, `$A != $B`, joined by && and ||: what these files use."""
    def comparison(text: str) -> bool:
        match = _GITLAB_COMPARISON.fullmatch(text)
        assert match, f"the test does not know this GitLab rule: {text!r}"
        left = variables.get(match[1])
        right = variables.get(match[3]) if match[3] else match[4]
        return (left == right) if match[2] == "==" else (left != right)

    return any(all(comparison(part) for part in alternative.split("&&")) for alternative in expression.split("||"))


def gitlab_rules_allow(rules: list[dict[str, Any]] | None, variables: Mapping[str, str]) -> bool:
    if rules is None:
        return True
    return any(gitlab_if(rule["if"], variables) and rule.get("when", "on_success") != "never" for rule in rules)


def expand(value: str, env: Mapping[str, str]) -> str:
    """$NAME in a GitLab variable's value."""
    return re.sub(r"\$(\w+)", lambda m: env.get(m[1], ""), value)


def flatten(lines: Any) -> list[str]:
    """GitLab flattens nested lists in scripts (YAML anchors)."""
    if isinstance(lines, str):
        return [lines]
    return [line for item in lines or [] for line in flatten(item)]


GITLAB_KEYWORDS = {"workflow", "default", "variables", "cache", "stages", "include", "image", "services",
                   "before_script", "after_script"}


def run_gitlab(config: dict[str, Any], clone: Path, event: str, ci_variables: Mapping[str, str]) -> list[JobRun]:
    predefined = {"CI_PROJECT_DIR": str(clone), "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_SHORT_SHA": "abc1234",
                  "CI_PIPELINE_SOURCE": {"merge_request": "merge_request_event", "main": "push",
                                         "schedule": "schedule"}[event]}
    if event != "merge_request":
        predefined["CI_COMMIT_BRANCH"] = "main"
    else:
        predefined["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = TARGET_BRANCH
    assert gitlab_rules_allow(config["workflow"]["rules"], predefined), f"workflow rules start no pipeline on {event}"
    stages = config.get("stages", ["build", "test", "deploy"])
    jobs = {name: job for name, job in config.items() if name not in GITLAB_KEYWORDS and not name.startswith(".")}
    chosen = [name for name in jobs if gitlab_rules_allow(jobs[name].get("rules"), predefined)]
    chosen.sort(key=lambda name: stages.index(jobs[name].get("stage", "test")))
    default = config.get("default", {})
    runs: list[JobRun] = []
    for name in chosen:
        job = jobs[name]
        env = base_environment(clone, {**ci_variables, **predefined})
        for key, value in {**config.get("variables", {}), **job.get("variables", {})}.items():
            env[key] = expand(str(value), env)
        before = job["before_script"] if "before_script" in job else default.get("before_script", [])
        lines = lines_to_run(flatten(before) + flatten(job["script"]))
        ok, log = run_bash("set -eo pipefail\n" + "\n".join(lines), clone, env)
        run = JobRun(name, ok, log)
        artifacts = job.get("artifacts", {})
        if ok or artifacts.get("when") == "always":
            if "junit" in artifacts.get("reports", {}):
                check_junit(clone / artifacts["reports"]["junit"])
                run.checks.append(f"junit {artifacts['reports']['junit']}")
            for path in artifacts.get("paths", []):
                assert (clone / path).exists(), f"{name}: artifact {path} is missing\n{log}"
                run.checks.append(f"artifact {path}")
        for needed in job.get("needs", []):
            assert any(r.name == needed and r.ok for r in runs), f"{name} needs {needed}, which did not succeed"
        runs.append(run)
    return runs


# -- Azure Pipelines ----------------------------------------------------------------------

_AZURE_TOKEN = re.compile(r"\s*(?:(variables\['[\w.]+'\])|('[^']*')|(\w+)|([(),]))")


def azure_condition(expression: str, variables: Mapping[str, str], failed_before: bool = False) -> bool:
    """Azure's condition expressions as these files use them: and/or/not/eq/ne, variables['X'],
    'strings' and the status functions."""
    tokens = [next(group for group in match.groups() if group) for match in _AZURE_TOKEN.finditer(expression)]
    assert "".join(tokens) == re.sub(r"\s+", "", expression), f"the test cannot read {expression!r}"
    position = 0

    def parse() -> Any:
        nonlocal position
        token = tokens[position]
        position += 1
        if token.startswith("variables["):
            return variables.get(token[len("variables['"):-2], "")
        if token.startswith("'"):
            return token[1:-1]
        assert tokens[position] == "(", f"expected ( after {token}"
        position += 1
        args = []
        while tokens[position] != ")":
            args.append(parse())
            if tokens[position] == ",":
                position += 1
        position += 1
        functions: dict[str, Callable[..., Any]] = {
            "and": lambda *a: all(a), "or": lambda *a: any(a), "not": lambda a: not a,
            "eq": lambda a, b: str(a).lower() == str(b).lower(), "ne": lambda a, b: str(a).lower() != str(b).lower(),
            "succeeded": lambda: not failed_before, "failed": lambda: failed_before,
            "succeededOrFailed": lambda: True, "always": lambda: True}
        assert token in functions, f"the test does not know the Azure function {token}()"
        return functions[token](*args)

    result = parse()
    assert position == len(tokens)
    return bool(result)


def run_azure(config: dict[str, Any], clone: Path, event: str, ci_variables: Mapping[str, str]) -> list[JobRun]:
    predefined = {"Build.Reason": {"merge_request": "PullRequest", "main": "IndividualCI",
                                   "schedule": "Schedule"}[event],
                  "Build.SourceBranch": "refs/pull/7/merge" if event == "merge_request" else "refs/heads/main",
                  "Build.SourcesDirectory": str(clone), "Build.SourceVersion": "abc1234def"}
    if event == "merge_request":
        predefined["System.PullRequest.TargetBranch"] = f"refs/heads/{TARGET_BRANCH}"
    variables: dict[str, str] = dict(ci_variables)
    for entry in config.get("variables", []):
        if "name" in entry:
            variables[entry["name"]] = str(entry["value"])
        else:
            assert "group" in entry, entry  # a variable group: its values are ci_variables
    variables.update(predefined)
    as_env = {name.upper().replace(".", "_"): value for name, value in variables.items()}
    runs: list[JobRun] = []
    for job in config["jobs"]:
        if not azure_condition(job.get("condition", "succeeded()"), variables):
            continue
        env = base_environment(clone, as_env)
        failed, log, checks = False, "", []
        for step in job["steps"]:
            if not azure_condition(step.get("condition", "succeeded()"), variables, failed):
                continue
            if "checkout" in step:
                assert step.get("fetchDepth") == 0, f"{job['job']}: checkout without full history"
                checks.append("checkout fetchDepth 0")
            elif "publish" in step:
                assert (clone / step["publish"]).is_dir(), f"{job['job']}: nothing to publish at {step['publish']}"
                checks.append(f"artifact {step['publish']}")
            elif step.get("task", "").startswith("PublishTestResults@"):
                inputs = step["inputs"]
                assert inputs["testResultsFormat"] == "JUnit"
                check_junit(clone / inputs["testResultsFiles"])
                checks.append(f"junit {inputs['testResultsFiles']}")
            elif step.get("task", "").startswith("UsePythonVersion@"):
                checks.append("python " + step["inputs"]["versionSpec"])
            elif "script" in step:
                lines = lines_to_run(step["script"].splitlines())
                if not lines:
                    continue
                step_env = dict(env)
                for key, value in step.get("env", {}).items():
                    step_env[key] = re.sub(r"\$\(([\w.]+)\)", lambda m: variables.get(m[1], ""), str(value))
                ok, output = run_bash("\n".join(lines), clone, step_env)
                log += output
                for path in re.findall(r"##vso\[task\.prependpath\](.+)", output):
                    env["PATH"] = f"{path.strip()}{os.pathsep}{env['PATH']}"
                failed = failed or not ok
            else:
                raise AssertionError(f"the test does not know this step: {step}")
        runs.append(JobRun(job["job"], not failed, log, checks))
    return runs


# -- a merge request: a target branch and a change on top of it ------------------------------

TARGET_BRANCH = "doel"
"""The merge request's target branch, in a bare repository that is the clone's `origin`."""
GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@douane.example"]


def merge_request_branch(clone: Path, change: Callable[[str], str]) -> str:
    """Make `origin` a bare repository whose TARGET_BRANCH is the clone as it is now, then commit
    `change` (applied to an adopted document's text) on a branch of the clone. Returns the file's name."""
    def git(*args: str) -> None:
        subprocess.run([*GIT, "-C", str(clone), *args], check=True, capture_output=True)

    git("add", "-A")
    if subprocess.run([*GIT, "-C", str(clone), "diff", "--cached", "--quiet"], check=False).returncode:
        git("commit", "--quiet", "-m", "werkkopie")  # the test's own uncommitted changes belong to the target
    origin = clone.parent / f"{clone.name}-origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(origin)], check=True)
    git("push", "--quiet", str(origin), f"HEAD:refs/heads/{TARGET_BRANCH}")
    git("remote", "set-url", "origin", str(origin))
    git("checkout", "--quiet", "-b", "wijziging")
    policy = next(path for path in sorted((clone / "policies").glob("*.md"))
                  if re.search(r"^status: vastgesteld$", path.read_text(encoding="utf-8"), re.M))
    policy.write_text(change(policy.read_text(encoding="utf-8")), encoding="utf-8")
    git("commit", "--quiet", "-am", "wijziging in een vastgesteld document")
    return policy.name


def silent_change(text: str) -> str:
    """A new sentence in the text; version and history stay as they were."""
    return text.rstrip("\n") + "\n\nDeze zin kwam erbij zonder nieuwe versie.\n"


def version_bump(text: str) -> str:
    """The same new sentence with a new version and a history entry for it."""
    version = re.search(r'^version: "([^"]+)"$', text, re.M)
    assert version, "an adopted document without a quoted version"
    new = f"{version[1]}.1"
    text = text.replace(version[0], f'version: "{new}"', 1)
    text = text.replace("\nhistory:\n", f'\nhistory:\n  - version: "{new}"\n    date: 2027-05-01\n'
                                        "    change: Een zin toegevoegd.\n", 1)
    return silent_change(text)


# -- the tests ---------------------------------------------------------------------------------

def expected_recipients() -> set[str]:
    """Mailboxes of owners with a listed document overdue or due soon on TODAY (from the real policies)."""
    import datetime as dt

    portal = Publication(load_catalog(ROOT / "policies"), dt.date.fromisoformat(TODAY))
    due = {p.owner for state in (ReviewState.OVERDUE, ReviewState.DUE_SOON) for p in portal.in_state(state)}
    return {owner_mailbox(portal.taxonomy.owners[owner])[0] for owner in due}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pipelines")


RUNNERS = {"gitlab-ci.yml": (run_gitlab, GITLAB_JOBS), "azure-pipelines.yml": (run_azure, AZURE_JOBS)}


@dataclass
class PipelineRun:
    """One pipeline file run for one event in its own fresh clone, with its own mail server."""

    clone: Path
    deploy_dir: Path
    runs: dict[str, JobRun] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    bumped: str = ""
    """merge_request: the document whose version the branch bumped."""
    error: BaseException | None = None
    """What stopped the run (an assertion of the runner), raised again by the test of this run."""


def run_pipeline(name: str, event: str, folder: Path) -> PipelineRun:
    folder.mkdir()
    result = PipelineRun(folder / "clone", folder / "www" / "current")
    try:
        with smtp_server(folder) as (server, recorder, cert):
            clone = fresh_clone(result.clone)
            ci_variables = {
                "PORTAAL_TODAY": TODAY, "PORTAAL_DEPLOY_DIR": str(result.deploy_dir),
                "PORTAAL_BASE_URL": "https://integriteit.douane.example/",
                "PORTAAL_MAIL_FROM": "Integriteitsportaal <portaal@douane.example>",
                "PORTAAL_MAIL_REPLY_TO": "bvi@douane.example",
                "PORTAAL_SMTP_SERVER": f"127.0.0.1:{server.port}", "PORTAAL_SMTP_USER": USER,
                "PORTAAL_SMTP_PASSWORD": PASSWORD, "SSL_CERT_FILE": str(cert),
            }
            runner, _expected = RUNNERS[name]
            if event == "merge_request":  # a proper version bump on the branch passes the no-silent-change check
                result.bumped = merge_request_branch(clone, version_bump)
            config = yaml.safe_load((clone / "deploy" / "ci" / name).read_text(encoding="utf-8"))
            result.runs = {run.name: run for run in runner(config, clone, event, ci_variables)}
            result.received = list(recorder.received)
    except BaseException as error:  # noqa: BLE001 - raised again by the test of this run
        result.error = error
    return result


PARALLEL = 2
"""Pipeline runs at the same time: each is a chain of subprocesses (bash, portaal, mkdocs,
LinkChecker) in its own clone, so two share CI's two cores instead of leaving one idle."""


@pytest.fixture(scope="module")
def pipelines(request: pytest.FixtureRequest, scratch: Path) -> dict[tuple[str, str], PipelineRun]:
    """Every (file, event) run that this session's tests ask for, PARALLEL at a time, longest first."""
    wanted = {(params["name"], params["event"]) for item in request.session.items
              if getattr(item, "originalname", "") == "test_pipeline_jobs_run_in_a_fresh_clone"
              for params in [item.callspec.params]}  # type: ignore[attr-defined]
    order = sorted(wanted, key=lambda case: (EVENTS.index(case[1]), case[0]))  # merge requests run longest
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        futures = {case: pool.submit(run_pipeline, *case, scratch / f"{case[0]}-{case[1]}") for case in order}
        return {case: future.result() for case, future in futures.items()}


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_pipeline_jobs_run_in_a_fresh_clone(name: str, event: str, pipelines: dict[tuple[str, str], PipelineRun]
                                            ) -> None:
    result = pipelines[(name, event)]
    if result.error is not None:
        raise result.error
    clone, deploy_dir, runs = result.clone, result.deploy_dir, result.runs
    _runner, expected_jobs = RUNNERS[name]
    config = yaml.safe_load((clone / "deploy" / "ci" / name).read_text(encoding="utf-8"))
    if name == "gitlab-ci.yml":
        assert config["variables"]["GIT_DEPTH"] == "0"  # the version archive reads the history
    assert set(runs) == expected_jobs[event]
    logs = "\n".join(f"== {run.name} ==\n{run.log}" for run in runs.values())

    for run in runs.values():
        if run.name in ("nightly-check", "nightly"):
            continue
        assert run.ok, logs
    if event == "merge_request":
        # overdue documents elsewhere do not make a merge request red, but are reported
        report = ET.parse(clone / "portaal-check.xml").getroot()
        assert "verlopen" in ET.tostring(report, encoding="unicode")
        assert report.find(".//failure[@type='verlopen']") is None
        assert "Geen kapotte links of ankers gevonden." in logs
        assert report.find(".//failure[@type='fout']") is None  # the version bump is not a problem
        assert any(case.get("file", "").endswith(result.bumped) for case in report.iter("testcase"))
        fetched = subprocess.run([*GIT, "-C", str(clone), "rev-parse", "--verify", f"origin/{TARGET_BRANCH}"],
                                 capture_output=True, text=True, check=False)
        assert fetched.returncode == 0, "the job did not fetch the target branch\n" + logs
    if event in ("main", "schedule"):
        assert deploy_dir.is_symlink(), logs
        assert (deploy_dir / "index.html").is_file()
        assert (deploy_dir / "beoordelingen" / "alle-eigenaren.ics").is_file()
    if event == "schedule":
        nightly = runs.get("nightly-check") or runs["nightly"]
        assert not nightly.ok, "an overdue review must make the nightly check fail\n" + logs
        report = ET.parse(clone / "portaal-check.xml").getroot()
        assert report.find(".//failure[@type='verlopen']") is not None
        arrived = result.received
        assert sorted(r.rcpt_tos[0] for r in arrived) == sorted(expected_recipients()), logs
        assert all(r.login == USER for r in arrived)
        assert "Verstuurd:" in logs
    else:
        assert result.received == []  # no mail outside the schedule


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_a_silent_change_on_a_branch_fails_the_merge_request_job(name: str, scratch: Path) -> None:
    clone = fresh_clone(scratch / f"{name}-stil")
    changed = merge_request_branch(clone, silent_change)
    runner, expected_jobs = RUNNERS[name]
    config = yaml.safe_load((clone / "deploy" / "ci" / name).read_text(encoding="utf-8"))
    runs = runner(config, clone, "merge_request", {"PORTAAL_TODAY": TODAY})
    assert {run.name for run in runs} == expected_jobs["merge_request"]
    (run,) = runs
    assert not run.ok, run.log
    assert f"policies/{changed}" in run.log and "verandert niet stil" in run.log, run.log
    assert f"de tekst is veranderd sinds origin/{TARGET_BRANCH}" in run.log, run.log
    report = ET.parse(clone / "portaal-check.xml").getroot()  # the JUnit report names it too
    assert "verandert niet stil" in ET.tostring(report, encoding="unicode")
    assert not (clone / "site").exists()  # the job stopped before building


def test_gitlab_rules_reader() -> None:
    variables = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}
    assert gitlab_if('$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', variables)
    assert not gitlab_if('$CI_PIPELINE_SOURCE == "schedule"', variables)
    assert gitlab_if('$CI_PIPELINE_SOURCE == "schedule" || $CI_COMMIT_BRANCH != "x"', variables)
    assert not gitlab_if('$CI_MERGE_REQUEST_IID == "1"', variables)  # unset is not equal


def test_azure_condition_reader() -> None:
    variables = {"Build.Reason": "Schedule", "Build.SourceBranch": "refs/heads/main"}
    assert azure_condition("and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'), "
                           "ne(variables['Build.Reason'], 'PullRequest'))", variables)
    assert not azure_condition("eq(variables['Build.Reason'], 'PullRequest')", variables)
    assert not azure_condition("succeeded()", variables, failed_before=True)
    assert azure_condition("succeededOrFailed()", variables, failed_before=True)


def test_deploy_script_switches_atomically_and_keeps_a_few_releases(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    target = tmp_path / "www" / "current"
    env = {**os.environ, "PORTAAL_KEEP_RELEASES": "2", "CI_COMMIT_SHORT_SHA": "abc"}
    script = str(ROOT / "deploy" / "publish-site.sh")
    refused = subprocess.run([script, str(site), str(target)], env=env, capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert "is geen gebouwde site (index.html ontbreekt)" in refused.stderr
    seen = []
    for number in range(3):
        (site / "index.html").write_text(f"versie {number}", encoding="utf-8")
        done = subprocess.run([script, str(site), str(target)], env=env, capture_output=True, text=True, check=True)
        assert done.stdout.startswith(f"Gepubliceerd: {target} -> ")
        assert (target / "index.html").read_text(encoding="utf-8") == f"versie {number}"
        seen.append(os.readlink(target))
    assert len(set(seen)) == 3
    releases = sorted(p.name for p in (tmp_path / "www" / "current.versies").iterdir())
    assert len(releases) == 2 and Path(seen[-1]).name in releases  # the oldest is gone, the live one stays
    target.unlink()
    target.mkdir()  # a folder the script did not make is never replaced
    refused = subprocess.run([script, str(site), str(target)], env=env, capture_output=True, text=True, check=False)
    assert refused.returncode == 1 and "geen symbolische link" in refused.stderr
