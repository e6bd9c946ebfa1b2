"""``python -m newscrawl.report``: see :mod:`newscrawl.report`."""

from newscrawl.report import cli

cli()
