"""A 100 MiB parallel block upload and a parallel ranged download on Azurite, with hash checks."""

import hashlib
import random
import threading
import tracemalloc

MIB = 1024 * 1024
SIZE = 100 * MIB


def _generated(seed=7, chunk=MIB):
    """Deterministic pseudo-random data, made on the fly (no big fixtures), plus its running MD5."""
    rng = random.Random(seed)
    state = {"md5": hashlib.md5(), "size": 0}

    def gen():
        while state["size"] < SIZE:
            data = rng.randbytes(min(chunk, SIZE - state["size"]))
            state["md5"].update(data)
            state["size"] += len(data)
            yield data

    return gen(), state


class InFlight:
    """Counts concurrent requests whose URL matches, by wrapping the connection's send."""

    def __init__(self, connection, needle):
        self.lock = threading.Lock()
        self.now = self.peak = self.count = 0
        original = connection.send_sync

        def send_sync(request):
            match = needle(request)
            if match:
                with self.lock:
                    self.now += 1
                    self.count += 1
                    self.peak = max(self.peak, self.now)
            try:
                return original(request)
            finally:
                if match:
                    with self.lock:
                        self.now -= 1

        connection.send_sync = send_sync


def test_100_mib_parallel_upload_and_ranged_download(azurite, container, tmp_path):
    driver = azurite.driver(ex_upload_concurrency=4, ex_download_concurrency=4)
    blocks = InFlight(driver.connection, lambda r: "comp=block&" in r.url or r.url.endswith("comp=block"))
    source, state = _generated()
    tracemalloc.start()
    try:
        obj = driver.upload_object_via_stream(source, container, "big.bin")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    expected = state["md5"].hexdigest()
    assert (obj.size, obj.extra["md5_hash"]) == (SIZE, expected)
    assert blocks.count == SIZE // (4 * MIB)
    assert blocks.peak > 1  # blocks really went up in parallel
    # Memory stays bounded by concurrency x block size, far below the object size.
    assert peak < 40 * MIB, peak

    stored = driver.get_object(container.name, "big.bin")
    assert (stored.size, stored.extra["md5_hash"]) == (SIZE, expected)  # the whole-blob MD5 was committed

    ranges = InFlight(driver.connection, lambda r: r.method == "GET")
    dest = tmp_path / "big.out"
    assert driver.download_object(stored, str(dest)) is True
    assert ranges.count == SIZE // (4 * MIB) and ranges.peak > 1
    digest = hashlib.md5()
    with open(dest, "rb") as handle:
        for block in iter(lambda: handle.read(MIB), b""):
            digest.update(block)
    assert digest.hexdigest() == expected

    start, end = 37 * MIB + 11, 61 * MIB - 5
    rng_source, _ = _generated()
    whole = b"".join(rng_source)
    part = tmp_path / "part.out"
    assert driver.download_object_range(stored, str(part), start, end) is True
    assert hashlib.md5(part.read_bytes()).hexdigest() == hashlib.md5(whole[start:end]).hexdigest()
    streamed = hashlib.md5()
    for chunk in driver.download_object_range_as_stream(stored, start, end, chunk_size=MIB):
        streamed.update(chunk)
    assert streamed.hexdigest() == hashlib.md5(whole[start:end]).hexdigest()
