"""`python -m toolkit` runs the `worth` command."""

from toolkit.app.cli import run

run()
