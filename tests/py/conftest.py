"""pytest configuration of tests/py: makes nfttest importable."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
