from xml.etree import ElementTree as ET

from libcloud.utils.xml import (
    findall,
    findall_ignore_namespace,
    findattr,
    fixxpath,
    findtext,
    findtext_ignore_namespace,
)

NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
DOC = ET.fromstring(
    '<DescribeResponse xmlns="%s">'
    "<requestId>r-1</requestId><empty></empty>"
    "<set><item><id>a</id></item><item><id>b</id></item></set>"
    "</DescribeResponse>" % NS
)
PLAIN = ET.fromstring("<root><name>plain</name><item>1</item><item>2</item></root>")


def test_fixxpath_qualifies_each_step():
    assert fixxpath("set/item/id", NS) == "{%s}set/{%s}item/{%s}id" % (NS, NS, NS)
    assert fixxpath("set/item", None) == "set/item"
    assert fixxpath("set/item", "") == "set/item"


def test_findtext():
    assert findtext(DOC, "requestId", NS) == "r-1"
    assert findtext(DOC, "missing", NS) is None
    assert findtext(DOC, "empty", NS) == ""
    assert findtext(DOC, "empty", NS, no_text_value=None) is None
    assert findtext(DOC, "requestId") is None  # unqualified path misses namespaced tags


def test_findattr_returns_text_like_upstream():
    assert findattr(DOC, "set/item/id", NS) == "a"
    assert findattr(DOC, "nope", NS) is None


def test_findall():
    items = findall(DOC, "set/item", NS)
    assert [findtext(i, "id", NS) for i in items] == ["a", "b"]
    assert findall(DOC, "set/item") == []


def test_ignore_namespace_variants_fall_back_to_unqualified_paths():
    assert findtext_ignore_namespace(PLAIN, "name", NS) == "plain"
    assert findtext_ignore_namespace(DOC, "requestId", NS) == "r-1"
    assert findtext_ignore_namespace(PLAIN, "missing", NS) is None
    assert [e.text for e in findall_ignore_namespace(PLAIN, "item", NS)] == ["1", "2"]
    assert len(findall_ignore_namespace(DOC, "set/item", NS)) == 2
    assert findall_ignore_namespace(PLAIN, "missing", NS) == []
