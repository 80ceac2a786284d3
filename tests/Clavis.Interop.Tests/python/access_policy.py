"""PyKMIP as one of two principals in the access-policy interop test (the C# side holds the other's and the
administrator's hands). Arguments: HOST PORT CERT KEY CA VERSION MODE [UID].

MODE create: registers and activates an AES-256 key, answers {"uid": ...}.
MODE try UID: tries Encrypt (GCM) and Get on UID; each step answers ok, or the KMIP result reason and message.
"""
import os
import sys

from kmip.core import enums
from kmip.pie import exceptions, objects

from pykmip_common import Run

run = Run()
mode = sys.argv[7]
client = run.proxy_client()
gcm = {"block_cipher_mode": enums.BlockCipherMode.GCM, "cryptographic_algorithm": enums.CryptographicAlgorithm.AES,
       "tag_length": 16}


def outcome(action):
    """{"allowed": true} or {"allowed": false, "reason": ..., "message": ...}: a refusal is an answer, not a failure."""
    def step():
        try:
            action()
            return {"allowed": True}
        except exceptions.KmipOperationFailure as failure:
            return {"allowed": False, "reason": failure.reason.name, "message": failure.message}
    return step


if mode == "create":
    def create():
        key = objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 256, os.urandom(32),
                                   [enums.CryptographicUsageMask.ENCRYPT, enums.CryptographicUsageMask.DECRYPT])
        uid = client.register(key)
        client.activate(uid)
        return {"uid": uid}
    run.step("create", create)
elif mode == "try":
    uid = sys.argv[8]
    run.step("encrypt", outcome(lambda: client.encrypt(os.urandom(64), uid=uid, cryptographic_parameters=gcm,
                                                       iv_counter_nonce=os.urandom(12))))
    run.step("get", outcome(lambda: client.get(uid)))
else:
    sys.exit("unknown mode " + mode)

client.close()
run.finish()
