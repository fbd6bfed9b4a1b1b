"""The `manchette` command: every Django management command, plus a few short aliases."""

import os
import sys

ALIASES = {"demo": "load_demo_data"}


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manchette.settings.production")
    from django.core.management import execute_from_command_line

    argv = list(argv if argv is not None else sys.argv)
    argv[0] = "manchette"
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
