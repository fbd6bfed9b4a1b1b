"""The supervisor stops the web server and the worker once each, and waits for them."""

import json
import signal
import subprocess
import sys
import time

# A child that counts the SIGTERMs it gets and takes `delay` seconds to stop after the first.
CHILD = """
import pathlib, signal, sys, time
record, delay = pathlib.Path(sys.argv[1]), float(sys.argv[2])
got = []
def on_term(*_args):
    got.append(time.monotonic())
    record.write_text(str(len(got)))
signal.signal(signal.SIGTERM, on_term)
record.write_text("0")
while not got or time.monotonic() - got[0] < delay:
    time.sleep(0.02)
"""


def test_each_child_is_asked_to_stop_once_however_long_it_takes(tmp_path):
    quick, slow = tmp_path / "quick", tmp_path / "slow"
    commands = [
        [sys.executable, "-c", CHILD, str(quick), "0.1"],
        [sys.executable, "-c", CHILD, str(slow), "1.5"],
    ]
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "manchette.supervisor", json.dumps(commands)]
    )
    while not (quick.exists() and slow.exists()):
        time.sleep(0.05)

    supervisor.send_signal(signal.SIGTERM)

    assert supervisor.wait(timeout=30) == 0
    assert (quick.read_text(), slow.read_text()) == ("1", "1")
