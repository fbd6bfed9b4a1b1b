"""Periodic jobs run by `manchette worker` (started beside the web server by `manchette run`)."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command

# How often the worker wakes up; jobs run at most this often.
TICK_SECONDS = 5


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: object  # a callable without arguments


_jobs: dict[str, Job] = {}


def register(name, every, run):
    """Apps register their jobs in AppConfig.ready(); every=timedelta(0) runs a job each tick."""
    _jobs[name] = Job(name, every, run)


def registered():
    return list(_jobs.values())


def publish_scheduled():
    # Wagtail publishes pages whose "go live" time has come, and unpublishes expired ones.
    call_command("publish_scheduled", verbosity=0)
