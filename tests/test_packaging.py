"""``pip install .`` into a fresh virtual environment gives a working package with its data."""

from __future__ import annotations

import os
import subprocess
import venv


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_pip_install_into_a_fresh_venv(tmp_path):
    env_dir = tmp_path / "venv"
    # System site packages provide requests/certifi/setuptools without a download.
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--disable-pip-version-check",
         ROOT],
        check=True, capture_output=True, text=True, cwd=str(tmp_path),
    )
    code = (
        "import json, os, libcloud, libcloud.data;"
        "from importlib.resources import files;"
        "p = files('libcloud.data') / 'pricing.json';"
        "d = json.loads(p.read_text());"
        "assert 'compute' in d and d['updated'] > 0;"
        "root = os.path.dirname(libcloud.__file__);"
        "assert os.path.exists(os.path.join(root, 'py.typed'));"
        "assert os.path.exists(os.path.join(root, 'common', 'aws', 'data', 'regions.json'));"
        "assert os.path.exists(os.path.join(root, 'compute', 'drivers', 'ec2', 'data', 'instance_types.json'));"
        "assert 'site-packages' in libcloud.__file__, libcloud.__file__;"
        "from libcloud.dns.providers import Provider, get_driver;"
        "assert get_driver(Provider.DUMMY).__name__ == 'DummyDNSDriver';"
        "print(libcloud.__version__)"
    )
    out = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True, cwd=str(tmp_path))
    assert out.stdout.strip().startswith("4.0.0")
