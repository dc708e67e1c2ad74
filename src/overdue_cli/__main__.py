"""Allow ``python -m overdue_cli``."""

from overdue_cli.cli import main

raise SystemExit(main())
