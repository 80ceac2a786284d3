"""PyKMIP's ProxyKmipClient makes an RSA key pair, signs with the private key (PKCS#1 v1.5 and PSS), verifies
with the public key (a good and a tampered message), and fetches the public key with Get. The signatures are
then checked with python3-cryptography against that public key, independently of the server."""
import uuid

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from kmip.core import enums

from pykmip_common import Run, enum_name

run = Run()
client = run.proxy_client()
tag = uuid.uuid4().hex
state = {}
message = b"signed by Clavis for PyKMIP " + tag.encode()
PKCS1 = {"padding_method": enums.PaddingMethod.PKCS1v15, "hashing_algorithm": enums.HashingAlgorithm.SHA_256,
         "cryptographic_algorithm": enums.CryptographicAlgorithm.RSA}
PSS = {"padding_method": enums.PaddingMethod.PSS, "hashing_algorithm": enums.HashingAlgorithm.SHA_256,
       "cryptographic_algorithm": enums.CryptographicAlgorithm.RSA}


def create_key_pair():
    public_uid, private_uid = client.create_key_pair(
        enums.CryptographicAlgorithm.RSA, 2048,
        public_name="pykmip-public-" + tag, public_usage_mask=[enums.CryptographicUsageMask.VERIFY],
        private_name="pykmip-private-" + tag, private_usage_mask=[enums.CryptographicUsageMask.SIGN])
    state["public"], state["private"] = public_uid, private_uid
    client.activate(public_uid)
    client.activate(private_uid)
    return {"public": public_uid, "private": private_uid}


def sign(label, parameters):
    def action():
        signature = client.sign(message, uid=state["private"], cryptographic_parameters=parameters)
        state[label] = signature
        return {"signature_bytes": len(signature)}
    return action


def verify(label, parameters, tampered):
    def action():
        data = message + (b"!" if tampered else b"")
        validity = client.signature_verify(data, state[label], uid=state["public"], cryptographic_parameters=parameters)
        return {"validity": enum_name(validity)}
    return action


def get_public_key():
    key = client.get(state["public"])
    state["public_der"] = key.value
    return {"format": enum_name(key.key_format_type), "algorithm": enum_name(key.cryptographic_algorithm),
            "length": key.cryptographic_length}


def check_with_cryptography():
    # load_der_public_key reads SubjectPublicKeyInfo and PKCS#1 RSAPublicKey alike.
    public_key = serialization.load_der_public_key(state["public_der"])
    result = {}
    for label, scheme in (("pkcs1", padding.PKCS1v15()),
                          ("pss", padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32))):
        try:
            public_key.verify(state[label], message, scheme, hashes.SHA256())
            result[label] = "valid"
        except InvalidSignature:
            result[label] = "invalid"
    result["key_bits"] = public_key.key_size
    return result


run.step("create_key_pair", create_key_pair)
run.step("sign_pkcs1", sign("pkcs1", PKCS1))
run.step("sign_pss", sign("pss", PSS))
run.step("verify_pkcs1", verify("pkcs1", PKCS1, tampered=False))
run.step("verify_pkcs1_tampered", verify("pkcs1", PKCS1, tampered=True))
run.step("verify_pss", verify("pss", PSS, tampered=False))
run.step("get_public_key", get_public_key)
run.step("cryptography_verifies", check_with_cryptography)
client.close()
run.finish()
