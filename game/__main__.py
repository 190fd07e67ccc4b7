"""`python -m game` runs the same command line as the `abu-kamal` script."""

from game.cli.main import main

if __name__ == "__main__":
    main()
