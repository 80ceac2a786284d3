"""PyKMIP's client runs Encrypt, Decrypt and MAC against Clavis (KMIP version in argument 6); every result is
checked here with Python's `cryptography` package, never with the server's own code."""
import os

from cryptography.hazmat.primitives import cmac, hashes, hmac, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from kmip.core import enums
from kmip.pie import objects

from pykmip_common import Run

run = Run()
client = run.proxy_client()
data = os.urandom(100)
masks = [enums.CryptographicUsageMask.ENCRYPT, enums.CryptographicUsageMask.DECRYPT,
         enums.CryptographicUsageMask.MAC_GENERATE, enums.CryptographicUsageMask.MAC_VERIFY]


def register(algorithm, key):
    uid = client.register(objects.SymmetricKey(algorithm, len(key) * 8, key, masks))
    client.activate(uid)
    return uid


aes_key = os.urandom(32)
aes = run.step("register_aes", lambda: {"uid": register(enums.CryptographicAlgorithm.AES, aes_key)})
aes_uid = aes["uid"] if aes else None
cbc = {"block_cipher_mode": enums.BlockCipherMode.CBC, "padding_method": enums.PaddingMethod.PKCS5,
       "cryptographic_algorithm": enums.CryptographicAlgorithm.AES}


def cbc_decrypt_reference(ciphertext, iv):
    decryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def encrypt_cbc_server_iv():
    ciphertext, iv = client.encrypt(data, uid=aes_uid, cryptographic_parameters=dict(cbc, random_iv=True))
    if iv is None or len(iv) != 16:
        raise AssertionError("no 16-byte IV returned: %r" % (iv,))
    if cbc_decrypt_reference(ciphertext, iv) != data:
        raise AssertionError("the ciphertext does not decrypt to the data with cryptography")
    return {"ciphertext_bytes": len(ciphertext)}


def encrypt_cbc_client_iv():
    iv = os.urandom(16)
    ciphertext, returned = client.encrypt(data, uid=aes_uid, cryptographic_parameters=cbc, iv_counter_nonce=iv)
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor()
    expected = encryptor.update(padder.update(data) + padder.finalize()) + encryptor.finalize()
    if ciphertext != expected:
        raise AssertionError("CBC ciphertext differs from cryptography's")
    return {"iv_returned": returned is not None}


def decrypt_cbc():
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor()
    ciphertext = encryptor.update(padder.update(data) + padder.finalize()) + encryptor.finalize()
    plain = client.decrypt(ciphertext, uid=aes_uid, cryptographic_parameters=cbc, iv_counter_nonce=iv)
    if plain != data:
        raise AssertionError("Decrypt of cryptography's ciphertext gave other data")
    return {}


def encrypt_ctr():
    counter = os.urandom(16)
    ciphertext, _ = client.encrypt(data, uid=aes_uid, iv_counter_nonce=counter, cryptographic_parameters={
        "block_cipher_mode": enums.BlockCipherMode.CTR, "cryptographic_algorithm": enums.CryptographicAlgorithm.AES})
    encryptor = Cipher(algorithms.AES(aes_key), modes.CTR(counter)).encryptor()
    if ciphertext != encryptor.update(data) + encryptor.finalize():
        raise AssertionError("CTR ciphertext differs from cryptography's")
    return {}


def mac_cmac():
    uid, mac = client.mac(data, uid=aes_uid, algorithm=enums.CryptographicAlgorithm.AES)
    reference = cmac.CMAC(algorithms.AES(aes_key))
    reference.update(data)
    if mac != reference.finalize():
        raise AssertionError("AES-CMAC differs from cryptography's")
    return {"uid_matches": uid == aes_uid}


def mac_hmac_sha256():
    key = os.urandom(32)
    uid = register(enums.CryptographicAlgorithm.HMAC_SHA256, key)
    returned_uid, mac = client.mac(data, uid=uid, algorithm=enums.CryptographicAlgorithm.HMAC_SHA256)
    reference = hmac.HMAC(key, hashes.SHA256())
    reference.update(data)
    if mac != reference.finalize():
        raise AssertionError("HMAC-SHA256 differs from cryptography's")
    return {"uid_matches": returned_uid == uid}


run.step("encrypt_cbc_server_iv", encrypt_cbc_server_iv)
run.step("encrypt_cbc_client_iv", encrypt_cbc_client_iv)
run.step("decrypt_cbc", decrypt_cbc)
run.step("encrypt_ctr", encrypt_ctr)
run.step("mac_cmac", mac_cmac)
run.step("mac_hmac_sha256", mac_hmac_sha256)
client.close()
run.finish()
