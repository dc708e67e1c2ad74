"""Allow ``python -m overdue_cli``."""

from overdue_cli.cli.root import main

raise SystemExit(main())
