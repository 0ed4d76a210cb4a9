"""`python -m whimbrel ...` runs the command line, like the `whimbrel` script."""

from whimbrel.cli import run

if __name__ == "__main__":
    run()
