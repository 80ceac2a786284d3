"""PyKMIP's credential support against Clavis: Username and Password (ProxyKmipClient's username/password, sent in
every request header) and a Device credential (the low-level client's per-request credential).

Arguments: HOST PORT CERT KEY CA VERSION USERNAME PASSWORD; the C# test registers the user and the device SN-PY-1
through the admin API first.
"""
import sys

from kmip.core import enums
from kmip.core.factories.credentials import CredentialFactory
from kmip.pie.client import ProxyKmipClient
from kmip.pie.exceptions import KmipOperationFailure

from pykmip_common import Run, enum_name

run = Run()
username, password = sys.argv[7:9]


def user_client(secret):
    client = ProxyKmipClient(hostname=run.host, port=run.port, cert=run.cert, key=run.key, ca=run.ca,
                             config_file="/dev/null", kmip_version=run.version, username=username, password=secret)
    client.open()
    return client


def accepted():
    client = user_client(password)
    try:
        uid = client.create(enums.CryptographicAlgorithm.AES, 128)
        key = client.get(uid)
        return {"uid": uid, "length": key.cryptographic_length}
    finally:
        client.close()


def refused():
    client = user_client(password + "-wrong")
    try:
        client.create(enums.CryptographicAlgorithm.AES, 128)
        return {"refused": False}
    except KmipOperationFailure as failure:
        return {"refused": True, "reason": enum_name(failure.reason), "message": failure.message}
    finally:
        client.close()


def device(network_identifier):
    def action():
        proxy = run.low_level_client()
        try:
            credential = CredentialFactory().create_credential(enums.CredentialType.DEVICE, {
                "Device Serial Number": "SN-PY-1",
                "Password": "device password",
                "Device Identifier": "py-array",
                "Network Identifier": network_identifier,
            })
            result = proxy.query(query_functions=[enums.QueryFunction.QUERY_OPERATIONS], credential=credential)
            return {"status": enum_name(result.result_status.value),
                    "reason": enum_name(result.result_reason.value) if result.result_reason else None,
                    "message": result.result_message.value if result.result_message else None}
        finally:
            proxy.close()
    return action


run.step("accepted", accepted)
run.step("refused", refused)
run.step("device_accepted", device("00:11:22:33:44:55"))
run.step("device_refused", device("66:77:88:99:aa:bb"))
run.finish()
