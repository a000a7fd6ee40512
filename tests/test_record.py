"""transforms.Record: the contract of DESIGN.md."""

from transforms import Record


def test_fields_and_defaults():
    record = Record("t", {"a": 1})
    assert (record.topic, record.value, record.key, record.partition, record.offset, record.timestamp,
            record.headers) == ("t", {"a": 1}, None, None, None, None, ())


def test_with_methods_copy_and_keep_the_rest():
    record = Record("t", {"a": 1}, "k", 1, 2, 3, (("h", b"v"),))
    assert record.with_value(5) == Record("t", 5, "k", 1, 2, 3, (("h", b"v"),))
    assert record.with_key(5) == Record("t", {"a": 1}, 5, 1, 2, 3, (("h", b"v"),))
    assert record.with_topic("u") == Record("u", {"a": 1}, "k", 1, 2, 3, (("h", b"v"),))
    assert record.with_headers([("x", 1)]).headers == (("x", 1),)
    assert type(record.with_value(5)) is Record and record.value == {"a": 1}
