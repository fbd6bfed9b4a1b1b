"""Periodic jobs run by `manchette worker` (started beside the web server by `manchette run`)."""

import os
import platform
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from tqdm import tqdm

# A long queue is worked through in turns, each followed by a check of the connection.
TASK_SECONDS_PER_TICK = 30
# The task backend whose queue the worker empties; see TASKS in the settings.
WORKER_BACKEND = "worker"

# How often the worker wakes up; jobs run at most this often.
TICK_SECONDS = 5
# Done tasks are kept a day; failed ones a month, long enough for someone to look at why.
SUCCESSFUL_TASKS_KEPT = timedelta(days=1)
FAILED_TASKS_KEPT = timedelta(days=30)


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


def prune_finished_tasks() -> int:
    """Forget the queue's old results: two rows per publish would otherwise pile up for ever."""
    now = timezone.now()
    finished = DBTaskResult.objects.filter(backend_name=WORKER_BACKEND)
    successful = finished.successful().filter(finished_at__lt=now - SUCCESSFUL_TASKS_KEPT)
    failed = finished.failed().filter(finished_at__lt=now - FAILED_TASKS_KEPT)
    return successful.delete()[0] + failed.delete()[0]


def run_queued_tasks():
    """Run what publishing and editing queued (renditions, related articles), for one turn."""
    deadline = time.monotonic() + TASK_SECONDS_PER_TICK
    while time.monotonic() < deadline and run_one_queued_task():
        pass


def run_every_queued_task(*, progress=False) -> int:
    """Empty the queue, after a bulk load and before serving; return how many tasks ran."""
    done = 0
    with tqdm(
        total=queued_task_count(), desc=_("Tasks"), unit=_("task"), disable=not progress
    ) as bar:
        while run_one_queued_task():
            done += 1
            bar.update()
    return done


def queued_task_count() -> int:
    queued = _queued()
    return 0 if queued is None else queued.count()


def requeue_interrupted_tasks() -> int:
    """Put back in the queue the tasks a stopped worker left running: nothing else runs them.

    Only for when the worker starts: `manchette run` supervises a single worker.
    """
    if _queued() is None:
        return 0
    return (
        DBTaskResult.objects.running()
        .filter(backend_name=WORKER_BACKEND)
        .update(status=TaskResultStatus.READY, started_at=None)
    )


def _queued():
    """The worker backend's ready tasks, or None when that backend runs them at once."""
    backend = task_backends[WORKER_BACKEND]
    if not isinstance(backend, DatabaseBackend):
        return None
    return DBTaskResult.objects.ready().filter(backend_name=backend.alias)


def run_one_queued_task() -> bool:
    """Run the oldest ready task, if any; False when the queue is empty."""
    queued = _queued()
    if queued is None or not queued.exists():
        return False
    Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        backend_name=WORKER_BACKEND,
        batch=True,
        max_tasks=1,
        interval=0,
        startup_delay=False,
        worker_id=f"{platform.node()[:40]}-{os.getpid()}",
    ).run()
    return True


# Not a periodic job: the worker runs it in a thread of its own (see the worker command).
QUEUED_TASKS = Job("tasks", timedelta(0), run_queued_tasks)
