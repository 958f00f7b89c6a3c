"""Key pairs: create, import, list, get, delete."""

from __future__ import annotations

import base64
import os
from typing import Any, Dict, List, Optional, Union

from libcloud._core.flow import Flow, operation
from libcloud.compute.base import KeyPair
from libcloud.compute.drivers.ec2 import parse
from libcloud.compute.drivers.ec2.calls import EC2Calls
from libcloud.compute.types import KeyPairDoesNotExistError

__all__ = ["KeyPairsMixin"]


def _name_of(key_pair: Any) -> str:
    return key_pair if isinstance(key_pair, str) else key_pair.name


class KeyPairsMixin(EC2Calls):
    """EC2 key pairs: create, import, list, get, delete."""
    @operation
    def list_key_pairs(self) -> Flow[List[KeyPair]]:
        response = yield self._describe("DescribeKeyPairs")
        return [parse.key_pair(item, self) for item in response.object.findall("keySet/item")]

    @operation
    def get_key_pair(self, name: str) -> Flow[KeyPair]:
        """The key pair ``name``; KeyPairDoesNotExistError when there is none."""
        try:
            # A single name goes unnumbered, as upstream sends it (AWS accepts both forms).
            response = yield self._describe("DescribeKeyPairs", {"KeyName": name})
        except KeyPairDoesNotExistError as exc:
            raise KeyPairDoesNotExistError(name, self) from exc
        # Picked by name: a cloud that ignores the unnumbered form answers with every pair.
        for item in response.object.findall("keySet/item"):
            if item.findtext("keyName") == name:
                return parse.key_pair(item, self)
        raise KeyPairDoesNotExistError(name, self)

    @operation
    def create_key_pair(self, name: str) -> Flow[KeyPair]:
        """A new key pair; its ``private_key`` is only available now."""
        response = yield self._call("CreateKeyPair", {"KeyName": name})
        return parse.key_pair(response.object, self)

    @operation
    def import_key_pair_from_string(self, name: str, key_material: str) -> Flow[KeyPair]:
        material = key_material.strip()
        response = yield self._call("ImportKeyPair", {
            "KeyName": name,
            "PublicKeyMaterial": base64.b64encode(material.encode("utf-8")).decode("ascii"),
        })
        key = parse.key_pair(response.object, self)
        key.public_key = material
        return key

    @operation
    def delete_key_pair(self, key_pair: Union[KeyPair, str]) -> Flow[bool]:
        return (yield from self._call_ok("DeleteKeyPair", {"KeyName": _name_of(key_pair)}))

    def ex_describe_all_keypairs(self) -> List[str]:
        """Names of every key pair (upstream helper)."""
        return [key.name for key in self.list_key_pairs()]

    def ex_describe_keypair(self, name: str) -> Dict[str, Optional[str]]:
        """``{"keyName": ..., "keyFingerprint": ...}`` of one key pair (upstream helper)."""
        return _as_dict(self.get_key_pair(name))

    # -- upstream's older dict-returning names --------------------------------------------
    def ex_describe_keypairs(self, name: str) -> Dict[str, Optional[str]]:
        """Deprecated: :meth:`get_key_pair` as a dict."""
        return self.ex_describe_keypair(name)

    def ex_list_keypairs(self) -> List[Dict[str, Optional[str]]]:
        """Deprecated: :meth:`list_key_pairs` as dicts."""
        return [_as_dict(key) for key in self.list_key_pairs()]

    def ex_create_keypair(self, name: str) -> Dict[str, Optional[str]]:
        """Deprecated: :meth:`create_key_pair` as a dict (with ``keyMaterial``, the private key)."""
        return _as_dict(self.create_key_pair(name))

    def ex_delete_keypair(self, keypair: str) -> bool:
        """Deprecated: :meth:`delete_key_pair` by name."""
        return self.delete_key_pair(keypair)

    def ex_import_keypair_from_string(self, name: str, key_material: str) -> Dict[str, Optional[str]]:
        """Deprecated: :meth:`import_key_pair_from_string` as a dict."""
        return _as_dict(self.import_key_pair_from_string(name, key_material))

    def ex_import_keypair(self, name: str, keyfile: str) -> Dict[str, Optional[str]]:
        """Deprecated: import the public key in file ``keyfile`` as ``name``; a dict."""
        with open(os.path.expanduser(keyfile), encoding="utf-8") as handle:
            material = handle.read()
        return self.ex_import_keypair_from_string(name, material)


def _as_dict(key: KeyPair) -> Dict[str, Optional[str]]:
    result = {"keyName": key.name, "keyFingerprint": key.fingerprint}
    if key.private_key:
        result["keyMaterial"] = key.private_key
    return result
