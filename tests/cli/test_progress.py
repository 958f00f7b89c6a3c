"""The transfer progress bar: drawn in a pseudo-terminal, absent when piped."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from libcloud.cli.progress import Transfer, is_terminal
from tests.cli.clirun import clean_env, run_cli


def run_in_pty(home, *args):
    """Run the CLI with stdin/stdout/stderr on a pseudo-terminal; returns (exit code, everything shown)."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "libcloud", *args], env=clean_env(home),
                               stdin=slave, stdout=slave, stderr=slave, cwd=str(home))
    os.close(slave)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown.extend(chunk)
    os.close(master)
    return process.wait(timeout=120), shown.decode("utf-8", "replace")


@pytest.fixture
def setup(tmp_path):
    home, root = tmp_path / "home", tmp_path / "root"
    home.mkdir()
    (root / "box").mkdir(parents=True)
    source = home / "big.bin"
    source.write_bytes(os.urandom(4 * 1024 * 1024))
    return home, root, source


def test_terminal_run_draws_the_bar_then_the_summary(setup):
    home, root, source = setup
    code, shown = run_in_pty(home, "--provider", "local", "--root", str(root), "storage", "put", str(source), "box/")
    assert code == 0, shown
    assert "\rput big.bin [" in shown and "100%" in shown
    assert "##############################" in shown  # the full bar
    assert "uploaded 4.0 MiB (4194304 bytes)" in shown
    code, shown = run_in_pty(home, "--provider", "local", "--root", str(root), "storage", "get", "box/big.bin",
                             str(home / "copy.bin"))
    assert code == 0, shown
    assert "\rget big.bin [" in shown and "downloaded 4.0 MiB" in shown
    assert (home / "copy.bin").read_bytes() == source.read_bytes()


def test_no_progress_option_in_a_terminal(setup):
    home, root, source = setup
    code, shown = run_in_pty(home, "--provider", "local", "--root", str(root), "storage", "put", str(source),
                             "box/", "--no-progress")
    assert code == 0 and "[" not in shown and "uploaded 4.0 MiB" in shown


def test_piped_run_has_no_bar(setup):
    home, root, source = setup
    done = run_cli(home, "--provider", "local", "--root", str(root), "storage", "put", str(source), "box/")
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stdout + done.stderr and "%" not in done.stdout
    assert done.stdout.count("\n") == 1 and done.stdout.startswith("uploaded 4.0 MiB")


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_transfer_draws_at_most_every_tenth_of_a_second_and_always_at_the_end():
    stream, clock = FakeTerminal(), Clock()
    transfer = Transfer("put x", 1000, stream=stream, show=True, clock=clock)
    transfer(100, 1000)
    clock.now += 0.01
    transfer(200, 1000)  # too soon: not drawn
    clock.now += 0.5
    transfer(1000, 1000)
    transfer.finish()
    frames = stream.getvalue().split("\r")
    assert frames[1].startswith("put x [###-") and " 10% " in frames[1]
    assert " 100% " in frames[2] and "1000 B / 1000 B" in frames[2]
    assert frames[-1] == "\x1b[K"  # the bar's line is cleared before the summary
    assert len(frames) == 4


def test_transfer_summary_and_counting():
    clock = Clock()
    transfer = Transfer("cp", None, clock=clock)
    assert b"".join(transfer.count([b"ab", b"cde"])) == b"abcde"
    clock.now += 2
    transfer.finish()
    assert transfer.summary() == {"bytes": 5, "seconds": 2.0, "bytes_per_second": 2.5}
    assert transfer.summary_line("copied", "a -> b") == "copied 5 B (5 bytes) a -> b in 2.00 s (2 B/s)"
    assert transfer.bar_line(clock.now) == "cp 5 B 2 B/s"


def test_nothing_is_drawn_when_not_shown():
    stream = FakeTerminal()
    transfer = Transfer("x", 10, stream=stream, show=False)
    transfer(10, 10)
    transfer.finish()
    assert stream.getvalue() == ""
    assert is_terminal(stream) and not is_terminal(io.StringIO())


def test_sync_in_a_terminal_draws_bytes_and_objects(setup):
    home, root, source = setup
    tree = home / "tree"
    tree.mkdir()
    for index in range(3):
        (tree / ("f%d" % index)).write_bytes(b"x" * 1000)
    code, shown = run_in_pty(home, "--provider", "local", "--root", str(root), "storage", "sync", str(tree), "box")
    assert code == 0, shown
    assert "\rsync [" in shown and "3/3 objects" in shown
    assert "transferred 3, skipped 0, deleted 0, failed 0" in shown


def test_bulk_transfer_counts_objects_and_bytes():
    from types import SimpleNamespace

    from libcloud.cli.progress import BulkTransfer

    bar = BulkTransfer("sync", 300, 3, clock=lambda: 1.0)
    bar.outcome(SimpleNamespace(bytes=100))
    bar.outcome(SimpleNamespace(bytes=0))
    assert (bar.done, bar.objects_done) == (100, 2)
    assert bar.bar_line(2.0).endswith("2/3 objects") and " 33% " in bar.bar_line(2.0)
