"""Orchestration around the generator: Meson build directories and QEMU runs."""
