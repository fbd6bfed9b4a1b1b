import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _

from manchette.core import jobs


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (scheduled publishing, privacy clean-up, page-cache renewal and "
        "sweep) and the queued tasks (image renditions, related articles) until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")

    def handle(self, *args, once=False, verbosity=1, **options):
        self.verbosity = verbosity
        if once:
            for job in [*jobs.registered(), jobs.QUEUED_TASKS]:
                self.run_job(job)
            return
        jobs.requeue_interrupted_tasks()
        # Queued tasks (one photo's renditions can take seconds) run beside the periodic jobs,
        # so the page-cache sweep keeps its pace whatever the queue holds.
        threading.Thread(target=self.repeat_queued_tasks, daemon=True).start()
        last_run = {}
        while True:
            now = timezone.now()
            for job in jobs.registered():
                if now - last_run.get(job.name, now - job.every) >= job.every:
                    self.run_job(job)
                    last_run[job.name] = now
            self.pause()

    def repeat_queued_tasks(self):
        while True:
            self.run_job(jobs.QUEUED_TASKS)
            self.pause()

    @staticmethod
    def pause():
        time.sleep(jobs.TICK_SECONDS)
        # A long-running process must not keep a connection the database has dropped.
        close_old_connections()

    def run_job(self, job):
        try:
            job.run()
        except Exception as error:  # one failing job must not stop the others
            self.stderr.write(
                _("Job %(name)s failed: %(error)r") % {"name": job.name, "error": error}
            )
        else:
            if self.verbosity > 1:
                self.stdout.write(_("Job %(name)s done.") % {"name": job.name})
