import signal
import sys

if sys.argv[1:2] == ["--measure-worker"]:
    # a pyperf worker leaves Ctrl-C to the master, which kills it and says "interrupted" once
    signal.signal(signal.SIGINT, signal.SIG_IGN)

from .cli import main  # noqa: E402

sys.exit(main())
