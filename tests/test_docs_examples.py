"""Every example in docs/examples runs against the embedded drivers."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "docs", "examples")


@pytest.mark.parametrize("name", sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".py")))
def test_example_runs(name, tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT, HOME=str(tmp_path))
    out = subprocess.run([sys.executable, os.path.join(EXAMPLES, name)], cwd=str(tmp_path), env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip(), "an example should show what it did"
