"""The ECS driver against a real moto server: cluster, task definition, run, list, stop, services."""

from __future__ import annotations

import pytest

from libcloud.container.base import ContainerCluster, ContainerImage
from libcloud.container.drivers.ecs import ElasticContainerDriver
from libcloud.container.types import ContainerState


@pytest.fixture
def driver(moto):
    return ElasticContainerDriver("AKIDMOTO", "motosecret", "us-east-1", host=moto.host, port=moto.port,
                                  secure=False, ex_ecr_host=moto.host)


def _register_instance(moto, cluster):
    """Register one EC2 container instance in ``cluster`` (moto places tasks only on instances)."""
    import json

    import boto3

    kwargs = dict(region_name="us-east-1", endpoint_url=moto.url, aws_access_key_id="AKIDMOTO",
                  aws_secret_access_key="motosecret")
    ec2, ecs = boto3.client("ec2", **kwargs), boto3.client("ecs", **kwargs)
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t2.micro")["Instances"][0]
    document = json.dumps({"instanceId": instance["InstanceId"], "region": "us-east-1"})
    ecs.register_container_instance(cluster=cluster, instanceIdentityDocument=document)


def test_cluster_task_lifecycle(driver, moto):
    cluster = driver.create_cluster("jobs")
    assert isinstance(cluster, ContainerCluster) and cluster.name == "jobs"
    assert "jobs" in [c.name for c in driver.list_clusters()]
    _register_instance(moto, "jobs")

    image = ContainerImage(id=None, name="nginx:latest", path="nginx:latest", version="latest", driver=driver)
    container = driver.deploy_container("web", image, cluster=cluster, ex_container_port=80)
    assert container.extra["taskArn"] and container.extra["taskDefinitionArn"].endswith("task-definition/web:1")
    assert container.name == "web"

    listed = driver.list_containers(cluster=cluster)
    assert [c.extra["taskArn"] for c in listed] == [container.extra["taskArn"]]
    assert driver.get_container(container.extra["taskArn"]).extra["taskArn"] == container.extra["taskArn"]

    stopped = driver.stop_container(container)
    assert stopped.extra["desiredStatus"] == "STOPPED"
    assert stopped.state in (ContainerState.STOPPED, ContainerState.RUNNING, ContainerState.PENDING)


def test_services(driver, moto):
    cluster = driver.create_cluster("svc")
    image = ContainerImage(id=None, name="redis", path="redis", version=None, driver=driver)
    definition = driver.deploy_container("cache", image, cluster=cluster, start=False)
    assert definition.id is None and definition.state == ContainerState.STOPPED
    service = driver.ex_create_service("cache", cluster, definition.extra["taskDefinitionArn"], desired_count=0)
    assert service["serviceName"] == "cache"
    arns = driver.ex_list_service_arns(cluster)
    assert arns == [service["serviceArn"]]
    assert driver.ex_describe_service(arns[0])["serviceName"] == "cache"
    assert driver.ex_destroy_service(arns[0])["serviceName"] == "cache"


def test_destroy_cluster(driver):
    cluster = driver.create_cluster("gone")
    assert driver.destroy_cluster(cluster) is True


def test_ecr_repository_images_and_registry_client(driver, moto):
    import json

    import boto3

    ecr = boto3.client("ecr", region_name="us-east-1", endpoint_url=moto.url, aws_access_key_id="AKIDMOTO",
                       aws_secret_access_key="motosecret")
    ecr.create_repository(repositoryName="apps")
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"digest": "sha256:" + "a" * 64, "size": 1, "mediaType": "application/octet-stream"},
                "layers": []}
    ecr.put_image(repositoryName="apps", imageManifest=json.dumps(manifest), imageTag="v1")

    (image,) = driver.list_images("apps")
    registry = driver.ex_get_repository_id("apps")
    assert image.version == "v1"
    assert image.path == "%s.dkr.ecr.us-east-1.amazonaws.com/apps:v1" % (registry,)
    client = driver.ex_get_registry_client("apps")
    assert client.host == "%s.dkr.ecr.us-east-1.amazonaws.com" % (registry,)
    assert client.connection.username == "AWS" and client.connection.password
