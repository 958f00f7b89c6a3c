"""README's demo command runs on the embedded drivers."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_demo_runs_and_shows_each_service(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT, HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "libcloud.demo"], cwd=str(tmp_path), env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "== Compute" in text and "price/h" in text and "created dummy-" in text
    assert "content verified" in text and "reports/hello.txt" in text
    assert "$ORIGIN example.com." in text and "IN\tMX\t10 mail.example.com." in text
    assert not list(tmp_path.glob("libcloud-demo-*"))  # the temporary folder is gone
