from libcloud.utils.escape import sanitize_object_name


def test_backslashes_become_slashes():
    assert sanitize_object_name("dir\\sub\\file.txt") == "dir/sub/file.txt"


def test_other_names_are_unchanged():
    assert sanitize_object_name("a/b c/ü.txt") == "a/b c/ü.txt"
    assert sanitize_object_name("") == ""
