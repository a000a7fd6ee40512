"""The one place that reads ``SMTBENCH_NO_EXTENSIONS`` (setup.py loads this file too)."""

import os

#: True when the user asked for pure Python: no Cython build, no Cython backend at run time.
NO_EXTENSIONS = os.environ.get("SMTBENCH_NO_EXTENSIONS", "").strip().lower() not in ("", "0", "false", "no")
