"""Images: the project's and the public image projects', families, licenses, create/copy/deprecate."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional

from libcloud.common.rest.helpers import non_empty
from libcloud._core.flow import Flow, operation
from libcloud.common.google import ResourceNotFoundError
from libcloud.compute.drivers.gce.base import GCEBase, name_of, url_project
from libcloud.compute.drivers.gce.models import GCELicense, GCENodeImage

__all__ = ["ImagesMixin", "IMAGE_PROJECTS"]

#: Public image projects and the name prefixes of their images (searched by ``ex_get_image``, in order).
with open(os.path.join(os.path.dirname(__file__), "data", "image_projects.json")) as _handle:
    IMAGE_PROJECTS: Dict[str, List[str]] = {k: v for k, v in json.load(_handle).items() if not k.startswith("_")}


class ImagesMixin(GCEBase):
    """Image listing, lookup by (partial) name or family, and image management."""

    def _to_node_image(self, body: Dict[str, Any]) -> GCENodeImage:
        extra = {k: body.get(k) for k in ("preferredKernel", "description", "family", "creationTimestamp",
                                          "selfLink", "deprecated", "sourceDisk", "sourceType", "rawDisk",
                                          "status", "archiveSizeBytes", "diskSizeGb", "guestOsFeatures",
                                          "labels", "labelFingerprint")}
        extra["licenses"] = [GCELicense(name_of(url), url_project(url) or self.project or "", self)
                             for url in body.get("licenses") or []]
        return GCENodeImage(id=body.get("id"), name=body["name"], driver=self, extra=extra)

    def _project_images(self, project: Optional[str], include_deprecated: bool,
                        max_results: Optional[int] = 500) -> Flow[List[GCENodeImage]]:
        if not project or project == self.project:
            items = yield from self._list("/global/images", max_results=max_results)
        else:
            items = yield from self._list(self._url("global/images", project))
        return [self._to_node_image(i) for i in items if include_deprecated or not i.get("deprecated")]

    @operation
    def list_images(self, ex_project: Any = None,  # type: ignore[override]  # upstream's signature
                    ex_include_deprecated: bool = False) -> Flow[List[GCENodeImage]]:
        """The project's images plus the public ones (or those of ``ex_project``: a name or a list)."""
        if ex_project is None:
            projects: List[Optional[str]] = [self.project] + list(IMAGE_PROJECTS)
        elif isinstance(ex_project, (list, tuple)):
            projects = list(ex_project)
        else:
            projects = [ex_project]
        images: List[GCENodeImage] = []
        for project in projects:
            images.extend((yield from self._project_images(project, ex_include_deprecated)))
        return images

    @operation
    def ex_list_project_images(self, ex_project: Optional[str] = None, ex_include_deprecated: bool = False
                               ) -> Flow[List[GCENodeImage]]:
        """The images of one project (default: this one)."""
        return (yield from self._project_images(ex_project, ex_include_deprecated, max_results=None))

    def _match_images(self, project: Optional[str], partial_name: str) -> Optional[GCENodeImage]:
        """The image of ``project`` named ``partial_name``, else the newest whose name starts with it."""
        from libcloud._core.flow import run_sync

        return run_sync(self._match_images_flow(project, partial_name))

    def _match_images_flow(self, project: Optional[str], partial_name: str) -> Flow[Optional[GCENodeImage]]:
        images = yield from self._project_images(project, True)
        exact = [i for i in images if i.name == partial_name]
        if exact:
            return exact[0]
        partial = [i for i in images if (i.name or "").startswith(partial_name)]
        return partial[-1] if partial else None

    @operation
    def ex_get_image(self, partial_name: Any, ex_project_list: Any = None,
                     ex_standard_projects: bool = True) -> Flow[GCENodeImage]:
        """An image by (partial) name or URL: the project's first, then the public projects'."""
        if isinstance(partial_name, GCENodeImage):
            return partial_name
        if str(partial_name).startswith("https://"):
            return (yield from self._fetch_parsed(partial_name, self._to_node_image))
        projects = ex_project_list or [self.project]
        if isinstance(projects, str):
            projects = [projects]
        for project in projects:
            image = yield from self._match_images_flow(project, partial_name)
            if image is not None:
                return image
        if ex_standard_projects:
            for project, prefixes in IMAGE_PROJECTS.items():
                if any(partial_name.startswith(p) for p in prefixes):
                    image = yield from self._match_images_flow(project, partial_name)
                    if image is not None:
                        return image
        raise ResourceNotFoundError("Could not find image '%s'" % (partial_name,), 404, "notFound")

    @operation
    def ex_get_image_from_family(self, image_family: str, ex_project_list: Any = None,
                                 ex_standard_projects: bool = True) -> Flow[GCENodeImage]:
        """The newest image of a family (``coreos-stable``), or of a family URL."""
        if image_family.startswith("https://"):
            return (yield from self._fetch_parsed(image_family, self._to_node_image))
        projects = ex_project_list or [self.project]
        if isinstance(projects, str):
            projects = [projects]
        candidates = list(projects)
        if ex_standard_projects:
            candidates += [p for p, prefixes in IMAGE_PROJECTS.items()
                           if any(image_family.startswith(x) for x in prefixes) and p not in candidates]
        for project in candidates:
            try:
                body = yield from self._fetch(self._url("global/images/family/%s" % image_family, project))
            except ResourceNotFoundError:
                continue
            return self._to_node_image(body)
        raise ResourceNotFoundError("Could not find image for family '%s'" % (image_family,), 404, "notFound")

    @operation
    def ex_get_license(self, project: str, name: str) -> Flow[GCELicense]:
        """A license of a project (``suse-cloud``, ``sles-12``)."""
        body = yield from self._fetch(self._url("global/licenses/%s" % name, project))
        license = GCELicense(body.get("name", name), project, self)
        license._details = body
        return license

    @staticmethod
    def _image_body(name: str, description: Optional[str], family: Optional[str],
                    guest_os_features: Optional[List[str]]) -> Dict[str, Any]:
        data: Dict[str, Any] = {"name": name}
        data.update(non_empty(description=description, family=family))
        if guest_os_features:
            data["guestOsFeatures"] = [{"type": f} for f in guest_os_features]
        return data

    @operation
    def ex_create_image(self, name: str, volume: Any, description: Optional[str] = None,
                        family: Optional[str] = None, guest_os_features: Optional[List[str]] = None,
                        use_existing: bool = True, wait_for_completion: bool = True,
                        ex_licenses: Optional[List[str]] = None, ex_labels: Optional[Dict[str, str]] = None
                        ) -> Flow[GCENodeImage]:
        """Create an image from a disk (a volume or its URL)."""
        data = self._image_body(name, description, family, guest_os_features)
        if hasattr(volume, "extra"):
            data["sourceDisk"] = volume.extra["selfLink"]
            data["zone"] = volume.extra["zone"].name
        elif str(volume).startswith("https://"):
            data["sourceDisk"] = volume
        else:
            raise ValueError("Source must be instance of StorageVolume or URI")
        if ex_licenses:
            data["licenses"] = list(ex_licenses) if isinstance(ex_licenses, list) else [ex_licenses]
        if ex_labels:
            data["labels"] = ex_labels
        yield from self._op("/global/images", data=data, method="POST")
        return (yield from self.ex_get_image.flow(name))

    @operation
    def ex_copy_image(self, name: str, url: str, description: Optional[str] = None,
                      family: Optional[str] = None, guest_os_features: Optional[List[str]] = None
                      ) -> Flow[GCENodeImage]:
        """Create an image from a tar.gz in Cloud Storage (``gs://bucket/image.tar.gz``)."""
        if url.startswith("gs://"):
            url = url.replace("gs://", "https://storage.googleapis.com/", 1)
        data = self._image_body(name, description, family, guest_os_features)
        data["rawDisk"] = {"source": url, "containerType": "TAR"}
        yield from self._op("/global/images", data=data, method="POST")
        return (yield from self.ex_get_image.flow(name))

    @operation
    def ex_delete_image(self, image: Any) -> Flow[bool]:
        """Delete one of the project's images."""
        if not hasattr(image, "name"):
            image = yield from self.ex_get_image.flow(image)
        return (yield from self._delete("/global/images/%s" % image.name))

    @operation
    def ex_deprecate_image(self, image: Any, replacement: Any, state: Optional[str] = None,
                           deprecated: Optional[str] = None, obsolete: Optional[str] = None,
                           deleted: Optional[str] = None) -> Flow[bool]:
        """Mark an image DEPRECATED, OBSOLETE or DELETED in favour of ``replacement``."""
        if not hasattr(image, "name"):
            image = yield from self.ex_get_image.flow(image)
        if not hasattr(replacement, "extra"):
            replacement = yield from self.ex_get_image.flow(replacement)
        state = state or "DEPRECATED"
        if state not in ("ACTIVE", "DEPRECATED", "OBSOLETE", "DELETED"):
            raise ValueError("state must be ACTIVE, DEPRECATED, OBSOLETE or DELETED")
        data: Dict[str, Any] = {"replacement": replacement.extra["selfLink"], "state": state}
        for key, value in (("deprecated", deprecated), ("obsolete", obsolete), ("deleted", deleted)):
            if value:
                data[key] = value
        # The answer is an operation Compute Engine finishes on its own: no need to poll it.
        yield self.connection.call("/global/images/%s/deprecate" % image.name, method="POST", data=data)
        image.extra["deprecated"] = data
        return True

    @operation
    def ex_set_image_labels(self, image: Any, labels: Dict[str, str]) -> Flow[bool]:
        """Replace an image's labels."""
        data = {"labels": labels, "labelFingerprint": image.extra.get("labelFingerprint")}
        yield from self._op("/global/images/%s/setLabels" % image.name, data=data)
        return True
