"""``python -m ceasewatch.cli``: the same as the ``ceasewatch`` command."""

from ceasewatch.cli import main

main()
