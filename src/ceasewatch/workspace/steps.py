"""How far long work has got: ``step(what, done, of)``, say ("documents", 120, 800).

Extraction, corroboration and assessment take one; the command line draws it as a line
on the terminal (cli/progress.py). Work runs the same with none."""

from __future__ import annotations

from collections.abc import Callable

Step = Callable[[str, int, int], None]
