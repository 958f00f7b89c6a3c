"""A test double: Dummy plus key pairs, volumes and flow-based operations.

New nodes start PENDING and turn RUNNING on the next listing, and
``list_nodes``/``create_node`` are operation flows, so wait_until_running
and deploy_node are exercised through sub-flows.  It lets the conformance
suite's optional-capability tests run against something.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Sleep, operation
from libcloud.compute.base import KeyPair, NodeAuthPassword, NodeLocation, StorageVolume
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.types import KeyPairDoesNotExistError, NodeState, StorageVolumeState


class MemoryNodeDriver(DummyNodeDriver):
    name = "Memory Node Provider"
    features = {"create_node": ["password", "ssh_key"]}

    def __init__(self, creds: Any = 0) -> None:
        super().__init__(creds)
        self.key_pairs: Dict[str, KeyPair] = {}
        self.volumes: Dict[str, StorageVolume] = {}
        self.list_calls = 0
        self.created_auth: List[Any] = []
        self._seen_pending: set = set()

    @operation
    def list_nodes(self) -> Any:  # type: ignore[override]
        self.list_calls += 1
        yield Sleep(0)
        for node in self.nl:
            if node.state == NodeState.PENDING and node.id in self._seen_pending:
                node.state = NodeState.RUNNING  # boots between two listings
        self._seen_pending = {node.id for node in self.nl if node.state == NodeState.PENDING}
        return list(self.nl)

    @operation
    def create_node(self, name: str, size: Any, image: Any, location: Any = None, auth: Any = None) -> Any:  # type: ignore[override]
        auth = self._get_and_check_auth(auth)
        self.created_auth.append(auth)
        yield Sleep(0)
        node = DummyNodeDriver.create_node(self, name, size, image)
        node.state = NodeState.PENDING
        if isinstance(auth, NodeAuthPassword):
            node.extra["password"] = auth.password
        return node

    def list_key_pairs(self) -> List[KeyPair]:
        return list(self.key_pairs.values())

    def get_key_pair(self, name: str) -> KeyPair:
        try:
            return self.key_pairs[name]
        except KeyError:
            raise KeyPairDoesNotExistError(name, self) from None

    def create_key_pair(self, name: str) -> KeyPair:
        return self.import_key_pair_from_string(name, "ssh-rsa AAAAgenerated %s" % name)

    def import_key_pair_from_string(self, name: str, key_material: str) -> KeyPair:
        pair = KeyPair(name=name, public_key=key_material, fingerprint="fp-%s" % name, driver=self)
        self.key_pairs[name] = pair
        return pair

    def delete_key_pair(self, key_pair: KeyPair) -> bool:
        return self.key_pairs.pop(key_pair.name, None) is not None

    def list_volumes(self) -> List[StorageVolume]:
        return list(self.volumes.values())

    def create_volume(self, size: int, name: str, location: Optional[NodeLocation] = None,
                      snapshot: Any = None) -> StorageVolume:
        volume = StorageVolume("vol-%d" % (len(self.volumes) + 1), name, size, self,
                               state=StorageVolumeState.AVAILABLE)
        self.volumes[volume.id] = volume
        return volume

    def destroy_volume(self, volume: StorageVolume) -> bool:
        return self.volumes.pop(volume.id, None) is not None
