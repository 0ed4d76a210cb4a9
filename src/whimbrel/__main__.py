"""`python -m whimbrel ...` runs the command line, like the `whimbrel` script."""

from whimbrel.cli import main

if __name__ == "__main__":
    main(prog_name="whimbrel")
