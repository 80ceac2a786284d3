"""Derive Key driven by PyKMIP; every derived value is checked with Python's cryptography package.

Get with a Key Wrapping Specification is not here: PyKMIP 0.10 sends it, but its decoder reads a Key Value only as a
structure and fails on the wrapped Key Value as a Byte String that KMIP specifies and OASIS TC-141 shows
(docs/interop.md). Wrapping is covered by the OASIS replay and the integration tests.
"""
import os

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.kbkdf import CounterLocation, KBKDFHMAC, Mode
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from kmip.core import enums
from kmip.pie import objects

from pykmip_common import Run

run = Run()
client = run.proxy_client()


def active(managed):
    uid = client.register(managed)
    client.activate(uid)
    return uid


def aes(value, *usages):
    return objects.SymmetricKey(enums.CryptographicAlgorithm.AES, len(value) * 8, value, list(usages))


password = b"correct horse battery staple"
password_id = active(objects.SecretData(password, enums.SecretDataType.PASSWORD, [enums.CryptographicUsageMask.DERIVE_KEY]))
base = os.urandom(32)
base_id = active(aes(base, enums.CryptographicUsageMask.DERIVE_KEY))
salt = os.urandom(16)
derivation_data = os.urandom(32)
fixed_input = b"label\x00context\x00\x00\x01\x00"
sha256 = {"hashing_algorithm": enums.HashingAlgorithm.SHA_256}


def derived(uid, method, parameters, bits):
    new_id = client.derive_key(enums.ObjectType.SYMMETRIC_KEY, [uid], method, parameters,
                               cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=bits)
    return bytes(client.get(new_id).value)


def derive_pbkdf2():
    value = derived(password_id, enums.DerivationMethod.PBKDF2,
                    {"cryptographic_parameters": sha256, "salt": salt, "iteration_count": 4096}, 256)
    expected = PBKDF2HMAC(hashes.SHA256(), 32, salt, 4096).derive(password)
    return {"same_value": value == expected}


def derive_hmac():
    value = derived(base_id, enums.DerivationMethod.HMAC, {"cryptographic_parameters": sha256, "derivation_data": derivation_data}, 256)
    mac = hmac.HMAC(base, hashes.SHA256())
    mac.update(derivation_data)
    return {"same_value": value == mac.finalize()}


def derive_hkdf():
    value = derived(base_id, enums.DerivationMethod.HKDF,
                    {"cryptographic_parameters": sha256, "salt": salt, "derivation_data": derivation_data}, 256)
    return {"same_value": value == HKDF(hashes.SHA256(), 32, salt, derivation_data).derive(base)}


def derive_counter_mode():
    value = derived(base_id, enums.DerivationMethod.NIST800_108_C,
                    {"cryptographic_parameters": sha256, "derivation_data": fixed_input}, 256)
    kdf = KBKDFHMAC(hashes.SHA256(), Mode.CounterMode, 32, 4, None, CounterLocation.BeforeFixed, None, None, fixed_input)
    return {"same_value": value == kdf.derive(base)}


run.step("derive_pbkdf2", derive_pbkdf2)
run.step("derive_hmac", derive_hmac)
run.step("derive_hkdf", derive_hkdf)
run.step("derive_nist800_108_counter", derive_counter_mode)
run.finish()
