import json
import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

# Four threads a worker: each page being rendered holds its objects, so eight let a worker
# reach 165 MB under concurrent searches against 149 MB with four, for no more pages served
# (the GIL runs one at a time; cached hits: 4,480 req/s with eight, 4,860 with four).
THREADS_PER_WORKER = 4
# Requests a worker takes in at once; the others wait in the socket's queue. granian's default
# (half the backlog, 512) handed hundreds of requests to a worker that runs four at a time, each
# holding memory while it waited: at 256 connections a worker peaked at 149-156 MB, against
# 132-140 MB with 32. Eight cut memory further but also page-cache hits, by a tenth or more.
REQUESTS_PER_WORKER = 8 * THREADS_PER_WORKER
# glibc gives each thread that allocates its own memory arena, which the threads of a busy
# worker fragment; two arenas keep a worker's resident memory about 40 MB lower under load.
MALLOC_ARENAS = "2"
# granian's own memory (connections, request and response buffers) comes from the jemalloc built
# into it, which gives its threads eight arenas, each keeping freed pages for ten seconds: one
# arena kept a worker's peak under cached-page load about 10 MB lower, for the same hits.
GRANIAN_JEMALLOC = "narenas:1"
# A granian worker now and then never ends after SIGTERM (its main thread waits for a shutdown
# event that does not come; seen in one stop out of three on the bench server, with or without
# requests in flight): after this many seconds granian kills it rather than wait forever.
WORKERS_KILL_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Serve the site with the production server (granian) and run the background worker, "
        "after migrating and collecting static files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)

    def handle(self, *args, host, port, workers, **options):
        if workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        self.stdout.write(
            self.style.SUCCESS(
                _("Manchette is serving on http://%(host)s:%(port)s/")
                % {"host": host, "port": port}
            )
        )
        sys.stdout.flush()
        self.supervise(
            [
                self.server_command(host, port, workers),
                [sys.executable, "-m", "manchette.cli", "worker"],
            ]
        )

    def supervise(self, commands):
        """Become the supervisor of the web server and the worker (manchette.supervisor)."""
        env = {
            "MALLOC_ARENA_MAX": MALLOC_ARENAS,
            "_RJEM_MALLOC_CONF": GRANIAN_JEMALLOC,
            **os.environ,
        }
        # Replaced by a process without Django, the same one for whoever started it (its id,
        # its signals): the database is let go first, as this process will not exit.
        connections.close_all()
        supervisor = [sys.executable, "-m", "manchette.supervisor", json.dumps(commands)]
        os.execve(sys.executable, supervisor, env)  # noqa: S606

    def server_command(self, host, port, workers):
        return [
            sys.executable, "-m", "granian",
            "--interface", "wsgi",
            "--host", host,
            "--port", str(port),
            "--workers", str(workers),
            # A few threads per process, for the moments a page waits on the database.
            "--blocking-threads", str(THREADS_PER_WORKER),
            "--backpressure", str(REQUESTS_PER_WORKER),
            "--workers-kill-timeout", str(WORKERS_KILL_SECONDS),
            "--no-access-log",
            # Uploaded media are plain files: the server hands them out without entering Django.
            "--static-path-route", settings.MEDIA_URL.rstrip("/"),
            "--static-path-mount", str(settings.MEDIA_ROOT),
            "manchette.wsgi:application",
        ]  # fmt: skip
