"""``python -m opsmatch``: the same command line as the ``opsmatch`` script."""

from opsmatch.cli import main

raise SystemExit(main())
