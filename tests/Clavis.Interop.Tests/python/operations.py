"""Every operation PyKMIP can express against Clavis, in one KMIP version (argument 6)."""
import os
import ssl
import uuid

from kmip.core import enums
from kmip.core import objects as cobjects
from kmip.core.factories import attribute_values
from kmip.core.factories import attributes as attribute_factories
from kmip.pie import objects

from pykmip_common import Run, attribute_map, enum_name

run = Run()
client = run.proxy_client()
low = run.low_level_client()
factory = attribute_factories.AttributeFactory()
values = attribute_values.AttributeValueFactory()
tag = uuid.uuid4().hex
v2 = run.version_text.startswith("2")


def discover_versions():
    result = low.discover_versions()
    if result.result_status.value != enums.ResultStatus.SUCCESS:
        raise RuntimeError("DiscoverVersions: %s" % result.result_reason)
    return {"versions": ["%d.%d" % (v.major, v.minor) for v in result.protocol_versions]}


def query():
    result = low.query(query_functions=[enums.QueryFunction.QUERY_OPERATIONS, enums.QueryFunction.QUERY_OBJECTS])
    if result.result_status.value != enums.ResultStatus.SUCCESS:
        raise RuntimeError("Query: %s" % result.result_reason)
    return {"operations": sorted(enum_name(o) for o in result.operations),
            "object_types": sorted(enum_name(o) for o in result.object_types)}


run.step("discover_versions", discover_versions)
run.step("query", query)

created = {}
for bits in (128, 256):
    def create(bits=bits):
        uid = client.create(enums.CryptographicAlgorithm.AES, bits, name="aes%d-%s" % (bits, tag),
                            cryptographic_usage_mask=[enums.CryptographicUsageMask.ENCRYPT, enums.CryptographicUsageMask.DECRYPT])
        key = client.get(uid)
        created[bits] = uid
        return {"uid": uid, "length": key.cryptographic_length, "value_bytes": len(key.value),
                "algorithm": enum_name(key.cryptographic_algorithm)}
    run.step("create_aes_%d" % bits, create)

key_bytes = os.urandom(32)
secret_bytes = os.urandom(20)
opaque_bytes = os.urandom(48)
with open(run.ca) as handle:
    certificate_der = ssl.PEM_cert_to_DER_cert(handle.read())

registered = {}
cases = {
    "symmetric_key": (objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 256, key_bytes,
                                           [enums.CryptographicUsageMask.ENCRYPT, enums.CryptographicUsageMask.DECRYPT],
                                           name="reg-" + tag), key_bytes),
    "secret_data": (objects.SecretData(secret_bytes, enums.SecretDataType.PASSWORD,
                                       [enums.CryptographicUsageMask.DERIVE_KEY]), secret_bytes),
    "opaque_object": (objects.OpaqueObject(opaque_bytes, enums.OpaqueDataType.NONE), opaque_bytes),
    "certificate": (objects.X509Certificate(certificate_der, [enums.CryptographicUsageMask.VERIFY]), certificate_der),
}
for kind, (managed, expected) in cases.items():
    def register(kind=kind, managed=managed, expected=expected):
        uid = client.register(managed)
        got = client.get(uid)
        registered[kind] = uid
        return {"uid": uid, "same_value": bytes(got.value) == expected, "type": type(got).__name__}
    run.step("register_" + kind, register)


# PyKMIP 0.10's decoder knows no Original Creation Date (KMIP 1.2), Extractable, Always Sensitive or Never
# Extractable (KMIP 1.4); this server sets them on new objects, as the OASIS test cases expect, so a Get
# Attributes for every attribute fails inside
# PyKMIP. Ask by name for every attribute the server lists that PyKMIP can decode (docs/interop.md).
PYKMIP_UNDECODABLE = {"Original Creation Date", "Short Unique Identifier", "Always Sensitive", "Extractable", "Never Extractable", "Random Number Generator", "Key Format Type", "Protection Storage Mask"}


def get_attributes():
    uid = registered["symmetric_key"]
    names = [n for n in client.get_attribute_list(uid) if n not in PYKMIP_UNDECODABLE]
    _, every = client.get_attributes(uid, names)
    _, some = client.get_attributes(uid, ["Cryptographic Algorithm", "Cryptographic Length", "State"])
    return {"all": attribute_map(every), "some": attribute_map(some)}


def get_attribute_list():
    return {"names": sorted(client.get_attribute_list(registered["symmetric_key"]))}


run.step("get_attributes", get_attributes)
run.step("get_attribute_list", get_attribute_list)


def name_attribute(text):
    return factory.create_attribute(enums.AttributeType.NAME, text)


def modify_attribute():
    uid = client.create(enums.CryptographicAlgorithm.AES, 128, name="before-" + tag)
    if v2:
        current = cobjects.CurrentAttribute(attribute=values.create_attribute_value(enums.AttributeType.NAME, "before-" + tag))
        new = cobjects.NewAttribute(attribute=values.create_attribute_value(enums.AttributeType.NAME, "after-" + tag))
        client.modify_attribute(unique_identifier=uid, current_attribute=current, new_attribute=new)
    else:
        attribute = factory.create_attribute(enums.AttributeType.NAME, "after-" + tag, 0)
        client.modify_attribute(unique_identifier=uid, attribute=attribute)
    _, attributes = client.get_attributes(uid, ["Name"])
    return {"uid": uid, "names": attribute_map(attributes).get("Name", [])}


def delete_attribute():
    uid = client.create(enums.CryptographicAlgorithm.AES, 128, name="doomed-" + tag)
    if v2:
        current = cobjects.CurrentAttribute(attribute=values.create_attribute_value(enums.AttributeType.NAME, "doomed-" + tag))
        client.delete_attribute(unique_identifier=uid, current_attribute=current)
    else:
        client.delete_attribute(unique_identifier=uid, attribute_name="Name", attribute_index=0)
    _, attributes = client.get_attributes(uid, ["Name"])
    return {"uid": uid, "names": attribute_map(attributes).get("Name", [])}


def set_attribute():
    uid = client.create(enums.CryptographicAlgorithm.AES, 128)
    client.set_attribute(unique_identifier=uid, attribute_name="Sensitive", attribute_value=True)
    _, attributes = client.get_attributes(uid, ["Sensitive"])
    return {"uid": uid, "sensitive": attribute_map(attributes).get("Sensitive", [])}


run.step("modify_attribute", modify_attribute)
run.step("delete_attribute", delete_attribute)
if v2:
    run.step("set_attribute", set_attribute)


def locate():
    by_name = client.locate(attributes=[name_attribute("aes128-" + tag)])
    by_type = client.locate(attributes=[factory.create_attribute(enums.AttributeType.OBJECT_TYPE, enums.ObjectType.SYMMETRIC_KEY)])
    limited = client.locate(maximum_items=1, attributes=[factory.create_attribute(enums.AttributeType.OBJECT_TYPE, enums.ObjectType.SYMMETRIC_KEY)])
    return {"by_name": by_name, "expected_by_name": created.get(128),
            "by_type_contains_both": all(created.get(b) in by_type for b in (128, 256)),
            "by_type_count": len(by_type), "limited_count": len(limited),
            "by_type_has_secret": registered.get("secret_data") in by_type}


run.step("locate", locate)


def lifecycle():
    uid = created[256]
    client.activate(uid)
    _, active = client.get_attributes(uid, ["State"])
    client.revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION, uid, revocation_message="interop")
    _, revoked = client.get_attributes(uid, ["State"])
    client.destroy(uid)
    _, destroyed = client.get_attributes(uid, ["State"])
    try:
        client.get(uid)
        get_after_destroy = "succeeded"
    except Exception as error:  # a destroyed key's value is gone
        get_after_destroy = getattr(error, "reason", None) and enum_name(error.reason) or str(error)
    return {"active": attribute_map(active)["State"], "revoked": attribute_map(revoked)["State"],
            "destroyed": attribute_map(destroyed)["State"], "get_after_destroy": get_after_destroy}


run.step("activate_revoke_destroy", lifecycle)

client.close()
low.close()
run.finish()
