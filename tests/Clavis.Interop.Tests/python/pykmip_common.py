"""Shared helpers for the Clavis interop scripts: argument parsing, clients, and one JSON result on stdout.

Every script takes: HOST PORT CERT KEY CA VERSION (VERSION is 1.2, 1.4 or 2.0). Each step is recorded as
{"ok": true, ...values} or {"ok": false, "error": "..."} so the C# test can name the step that failed.
"""
import json
import sys
import traceback

from kmip.core import enums
from kmip.pie.client import ProxyKmipClient
from kmip.services.kmip_client import KMIPProxy

VERSIONS = {
    "1.2": enums.KMIPVersion.KMIP_1_2,
    "1.3": enums.KMIPVersion.KMIP_1_3,
    "1.4": enums.KMIPVersion.KMIP_1_4,
    "2.0": enums.KMIPVersion.KMIP_2_0,
}


class Run:
    def __init__(self):
        if len(sys.argv) < 7:
            sys.exit("usage: script HOST PORT CERT KEY CA VERSION")
        self.host, port, self.cert, self.key, self.ca, version = sys.argv[1:7]
        self.port = int(port)
        self.version_text = version
        self.version = VERSIONS[version]
        self.results = {}

    def proxy_client(self, version=None):
        """The high-level client (kmip.pie), opened."""
        client = ProxyKmipClient(hostname=self.host, port=self.port, cert=self.cert, key=self.key, ca=self.ca,
                                 config_file="/dev/null", kmip_version=version or self.version)
        client.open()
        return client

    def low_level_client(self, version=None):
        """The low-level client (kmip.services), opened."""
        proxy = KMIPProxy(host=self.host, port=self.port, certfile=self.cert, keyfile=self.key, ca_certs=self.ca,
                          config_file="/dev/null", kmip_version=version or self.version)
        proxy.open()
        return proxy

    def step(self, name, action):
        """Runs action(); records its dict (or {}) with ok=true, or the error with ok=false. Returns the value."""
        try:
            value = action()
            record = {"ok": True}
            if isinstance(value, dict):
                record.update(value)
            self.results[name] = record
            return value
        except Exception as error:  # the C# side reports which step failed and why
            self.results[name] = {"ok": False, "error": "%s: %s" % (type(error).__name__, error),
                                  "trace": traceback.format_exc()}
            return None

    def finish(self):
        print(json.dumps(self.results, sort_keys=True))


def enum_name(value):
    return getattr(value, "name", str(value))


def attribute_map(attributes):
    """Attribute name -> list of printable values, from a PyKMIP attribute list."""
    result = {}
    for attribute in attributes:
        name = attribute.attribute_name.value
        value = attribute.attribute_value
        if hasattr(value, "value"):
            inner = value.value
        else:
            inner = value
        if hasattr(value, "name_value"):
            inner = value.name_value.value
        result.setdefault(name, []).append(enum_name(inner) if hasattr(inner, "name") else str(inner))
    return result
