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
    assert "$ libcloud --provider dummy compute list-sizes" in text and "PRICE" in text
    assert "name:         dummy-3" in text
    assert "storage put" in text and "reports/hello.txt" in text and "hello from libcloud-ng" in text
    assert "downloaded content verified" in text
    assert "$ORIGIN example.com." in text and "IN\tMX\t10 mail.example.com." in text
    assert not list(tmp_path.glob("libcloud-demo-*"))  # the temporary folder is gone
