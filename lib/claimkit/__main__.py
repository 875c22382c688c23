"""``python -m claimkit``: the same command line as ``claimkit``."""

from .cli import main

if __name__ == "__main__":
    main()
