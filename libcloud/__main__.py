"""``python -m libcloud``: the ``libcloud`` command line tool."""

from libcloud.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
