"""ECS listings follow ``nextToken`` and describe at most 100 ARNs per call (a scripted ECS endpoint)."""

from __future__ import annotations

from libcloud.container.drivers.ecs import ElasticContainerDriver
from tests.servers.scripted_api import ScriptedServer

ARNS = ["arn:aws:ecs:us-east-1:1:cluster/c%d" % i for i in range(150)]


def fake_ecs(method, path, query, body):
    if "clusters" in body:  # DescribeClusters
        assert len(body["clusters"]) <= 100
        return 200, {"clusters": [{"clusterArn": a, "clusterName": a.rsplit("/", 1)[1]} for a in body["clusters"]]}, {}
    token = int(body.get("nextToken", 0))  # ListClusters: pages of 40
    page = {"clusterArns": ARNS[token:token + 40]}
    if token + 40 < len(ARNS):
        page["nextToken"] = str(token + 40)
    return 200, page, {}


def test_list_clusters_reads_every_page():
    with ScriptedServer(fake_ecs) as server:
        driver = ElasticContainerDriver("AKID", "secret", "us-east-1", host="127.0.0.1", port=server.port,
                                        secure=False)
        clusters = driver.list_clusters()
        assert [c.id for c in clusters] == ARNS
        # 4 list pages, then 2 describe calls (100 + 50).
        assert len(server.paths()) == 6
