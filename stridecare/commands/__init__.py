"""CLI subcommands. Each module defines ``register(subparsers)`` which adds its parser and sets
``func=run`` on it; ``run(args) -> int`` returns the exit code. `stridecare.cli` discovers them."""
