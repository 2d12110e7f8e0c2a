"""The signed requests of RFC 9421's Appendix B.2, made by its authors with its test keys
(Appendix B.1), through our verifier as an inbox runs it: those that cover what an inbox needs
(the method, the target and the body's digest) verify; those that cover less are refused for
that, not for a bad signature; any change to a signed part is refused."""

from datetime import UTC, datetime

import pytest

from broadsheet.federation.services.signatures import SignatureError, verify

# RFC 9421, B.1.2 (test-key-rsa-pss) and B.1.4 (test-key-ed25519): the public halves.
KEYS = {
    "test-key-rsa-pss": """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr4tmm3r20Wd/PbqvP1s2
+QEtvpuRaV8Yq40gjUR8y2Rjxa6dpG2GXHbPfvMs8ct+Lh1GH45x28Rw3Ry53mm+
oAXjyQ86OnDkZ5N8lYbggD4O3w6M6pAvLkhk95AndTrifbIFPNU8PPMO7OyrFAHq
gDsznjPFmTOtCEcN2Z1FpWgchwuYLPL+Wokqltd11nqqzi+bJ9cvSKADYdUAAN5W
Utzdpiy6LbTgSxP7ociU4Tn0g5I6aDZJ7A8Lzo0KSyZYoA485mqcO0GVAdVw9lq4
aOT9v6d+nb4bnNkQVklLQ3fVAvJm+xdDOp9LCNCN48V2pnDOkFV6+U9nV5oyc6XI
2wIDAQAB
-----END PUBLIC KEY-----
""",
    "test-key-ed25519": """-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
-----END PUBLIC KEY-----
""",
}

# The request every B.2 example signs (section 2.5's): POST /foo?param=Value&Pet=dog.
URL = "https://example.com/foo?param=Value&Pet=dog"
BODY = b'{"hello": "world"}'
HEADERS = {
    "host": "example.com",
    "date": "Tue, 20 Apr 2021 02:07:55 GMT",
    "content-type": "application/json",
    "content-digest": "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7"
    "BNNyealdVLvRwEmTHWXvJwew==:",
    "content-length": "18",
}
SIGNED_AT = datetime.fromtimestamp(1618884473, UTC)

B21 = (
    'sig-b21=();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd"',
    "sig-b21=:d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/lkbbHAve4cRAtx31Iq786U7it++"
    "wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/Z2cOGdCbzR72rgF"
    "Whzx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzuVG5WSb/QEVPnP5"
    "TmcAnLH1g+s++v6d4s8m0gCw1fV5/SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==:",
)
B22 = (
    'sig-b22=("@authority" "content-digest");created=1618884473;keyid="test-key-rsa-pss"',
    "sig-b22=:Fee1uy9YGZq5UUwwYU6vz4dZNvfw3GYrFl1L6YlVIyUMuWswWDNSvql4dVtSeidYjYZUm7SBCENIb5KYy2By"
    "oC3bI+7gydd2i4OAT5lyDtmeapnAa8uP/b9xUpg+VSPElbBs6JWBIQsd+nMdHDe+ls/IwVMwXktC37SqsnbNyhNp6kcvcW"
    "pevjzFcD2VqdZleUz4jN7P+W5A3wHiMGfIjIWn36KXNB+RKyrlGnIS8yaBBrom5rcZWLrLbtg6VlrH1+/07RV+kgTh/l10"
    "h8qgpl9zQHu7mWbDKTq0tJ8K4ywcPoC4s2I4rU88jzDKDGdTTQFZoTVZxZmuTM1FvHfzIw==:",
)
B23 = (
    'sig-b23=("date" "@method" "@path" "@query" "@authority" "content-type" "content-digest" '
    '"content-length");created=1618884473;keyid="test-key-rsa-pss"',
    "sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeGt683+"
    "qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH1pF"
    "kh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui9eH8LZH89"
    "6+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==:",
)
B26 = (
    'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");'
    'created=1618884473;keyid="test-key-ed25519"',
    "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:",
)


def check(example, *, url=URL, body=BODY, now=SIGNED_AT, **changed_headers) -> str:
    signature_input, signature = example
    headers = {**HEADERS, "signature-input": signature_input, "signature": signature}
    headers.update(changed_headers)
    return verify("POST", url, headers, body, KEYS.__getitem__, now=now)


def test_the_full_coverage_example_verifies_with_rsa_pss():
    assert check(B23) == "test-key-rsa-pss"


@pytest.mark.parametrize(
    ("example", "reason"),
    [
        (B21, "@method"),  # covers nothing but its parameters
        (B22, "@method"),  # covers the host and the digest only
        (B26, "Content-Digest"),  # Ed25519, good, but the body is not covered by a digest
    ],
)
def test_examples_that_cover_less_than_an_inbox_needs_are_refused_for_that(example, reason):
    with pytest.raises(SignatureError) as refused:
        check(example)
    assert reason in refused.value.message


def test_the_ed25519_example_verifies_when_there_is_no_body_to_cover():
    # Its signature base is the method, path, host and headers: with no body, that suffices.
    assert check(B26, body=b"") == "test-key-ed25519"
    with pytest.raises(SignatureError, match="does not verify"):
        check((B26[0], B23[1].replace("sig-b23", "sig-b26")), body=b"")


def test_changes_to_what_was_signed_are_refused():
    cases = [
        {"url": "https://example.com/bar?param=Value&Pet=dog"},  # another path
        {"url": "https://example.com/foo?param=Value&Pet=cat"},  # another query
        {"date": "Tue, 20 Apr 2021 02:07:56 GMT"},  # another signed header
        {"body": b'{"hello": "there"}'},  # another body: the digest no longer matches
        {"signature": B23[1].replace("bbN8", "bbN9")},  # another signature
    ]
    for changes in cases:
        with pytest.raises(SignatureError):
            check(B23, **changes)


def test_a_signature_older_than_twelve_hours_is_refused():
    with pytest.raises(SignatureError, match="12 hours"):
        check(B23, now=datetime(2021, 4, 21, 3, 0, tzinfo=UTC))
    with pytest.raises(SignatureError, match="12 hours"):
        check(B23, now=datetime.now(UTC))


def test_an_algorithm_we_do_not_verify_is_refused():
    signature_input = B23[0] + ';alg="hmac-sha256"'
    with pytest.raises(SignatureError, match="not supported"):
        check((signature_input, B23[1]))
