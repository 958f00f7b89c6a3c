"""SigV2 query signing against the example of AWS's Signature Version 2 documentation."""

import datetime as dt

from libcloud.common.aws import sigv2

DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
DOC_PARAMS = {"AWSAccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Action": "DescribeJobFlows",
              "SignatureMethod": "HmacSHA256", "SignatureVersion": "2", "Timestamp": "2011-10-03T15:19:30",
              "Version": "2009-03-31"}


def test_documented_example():
    text = sigv2.string_to_sign("GET", "elasticmapreduce.amazonaws.com", "/", DOC_PARAMS)
    assert text == ("GET\nelasticmapreduce.amazonaws.com\n/\nAWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&"
                    "Action=DescribeJobFlows&SignatureMethod=HmacSHA256&SignatureVersion=2&"
                    "Timestamp=2011-10-03T15%3A19%3A30&Version=2009-03-31")
    assert sigv2.signature(DOC_SECRET, text) == "i91nKc4PWAt0JJIdXwz9HxZCJDdiy6cf/Mj6vPxyYIs="


def test_signed_params_carry_the_auth_parameters_and_a_matching_signature():
    now = dt.datetime(2011, 10, 3, 15, 19, 30, tzinfo=dt.timezone.utc)
    signed = sigv2.signed_query_params("GET", "EC2.us-east-1.amazonaws.com", "/",
                                       {"Action": "DescribeInstances", "Filter.1.Name": "a b"},
                                       "AKID", "SECRET", now, version="2016-11-15", session_token="TOK")
    assert signed["Timestamp"] == "2011-10-03T15:19:30Z"
    assert signed["Version"] == "2016-11-15" and signed["SecurityToken"] == "TOK"
    assert signed["SignatureVersion"] == "2" and signed["SignatureMethod"] == "HmacSHA256"
    expected = sigv2.signature("SECRET", sigv2.string_to_sign("GET", "ec2.us-east-1.amazonaws.com", "/", signed))
    assert signed["Signature"] == expected
    # The space is signed as %20 (RFC 3986), never as "+".
    assert "Filter.1.Name=a%20b" in sigv2.string_to_sign("GET", "h", "/", signed)
