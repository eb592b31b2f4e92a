"""Run one pytest file for `meson test`; exit 77 (Meson's SKIP) with the reason if pytest is missing."""

import os
import sys

try:
    import pytest
except ImportError:
    print("SKIP: python3-pytest is not installed (sudo apt-get install python3-pytest)")
    sys.exit(77)

here = os.path.dirname(os.path.abspath(__file__))
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", here, *sys.argv[1:]]))
