"""cellforge generator: board + partition descriptions -> tables, device trees, report."""

VERSION = "0.1.0"
