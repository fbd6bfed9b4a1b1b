"""Run the web server and the background worker together; when one stops, stop the other.

`manchette run` migrates and collects the static files, then becomes this process: the
supervisor only waits, and without Django and the site loaded it holds a few MB instead of
150 on a server where every MB counts. Nothing here may import Django.

    python -m manchette.supervisor '[["granian", ...], ["python", "-m", "manchette.cli", "worker"]]'
"""

import json
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.5
STOP_TIMEOUT = 30


def supervise(commands):
    processes = [subprocess.Popen(command) for command in commands]  # noqa: S603
    stopping = set()

    def stop(*_args):
        # Once each: granian's handler takes a lock that a second signal, arriving while it
        # runs, waits for forever (the server then never exits).
        for process in processes:
            if process.poll() is None and process.pid not in stopping:
                stopping.add(process.pid)
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(POLL_SECONDS)
    finally:
        stop()
        for process in processes:
            process.wait(timeout=STOP_TIMEOUT)


if __name__ == "__main__":
    supervise(json.loads(sys.argv[1]))
