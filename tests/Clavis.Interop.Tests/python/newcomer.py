"""The newcomer's first session: ProxyKmipClient creates, gets, locates, activates, revokes and destroys a
key; between the steps the same key is read back with GetAttributes by a KMIP 1.2 and a KMIP 2.0 client."""
import uuid

from kmip.core import enums
from kmip.core.factories import attributes as attribute_factories

from pykmip_common import Run, attribute_map

run = Run()
client = run.proxy_client()
reader12 = run.proxy_client(enums.KMIPVersion.KMIP_1_2)
reader20 = run.proxy_client(enums.KMIPVersion.KMIP_2_0)
name = "newcomer-" + uuid.uuid4().hex
state = {}


def read_back(label):
    def read():
        uid = state["uid"]
        result = {}
        for version, reader in (("1.2", reader12), ("2.0", reader20)):
            _, attributes = reader.get_attributes(uid, ["State", "Cryptographic Algorithm", "Cryptographic Length", "Name"])
            result[version] = attribute_map(attributes)
        return result
    run.step("read_" + label, read)


def create():
    state["uid"] = client.create(enums.CryptographicAlgorithm.AES, 256, name=name)
    return {"uid": state["uid"]}


def get():
    key = client.get(state["uid"])
    return {"value_bytes": len(key.value), "length": key.cryptographic_length}


def locate():
    factory = attribute_factories.AttributeFactory()
    return {"found": client.locate(attributes=[factory.create_attribute(enums.AttributeType.NAME, name)])}


run.step("create", create)
run.step("get", get)
run.step("locate", locate)
read_back("pre_active")
run.step("activate", lambda: client.activate(state["uid"]))
read_back("active")
run.step("revoke", lambda: client.revoke(enums.RevocationReasonCode.KEY_COMPROMISE, state["uid"], compromise_occurrence_date=1))
read_back("revoked")
run.step("destroy", lambda: client.destroy(state["uid"]))
read_back("destroyed")

for c in (client, reader12, reader20):
    c.close()
run.finish()
