"""boto3 against the kms-sim local endpoint (run by test/clients/boto3.test.ts).

Create a key, enable rotation, encrypt, advance the clock two years through the endpoint, then
list-key-rotations (two AUTOMATIC rotations), decrypt the old ciphertext (old KeyMaterialId), and
check that errors arrive as botocore ClientErrors with AWS codes. Prints one JSON line of facts.
"""
import json
import sys
import urllib.request

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
kms = boto3.client("kms", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")

key = kms.create_key(Description="boto3 scenario")["KeyMetadata"]
key_id = key["KeyId"]
kms.enable_key_rotation(KeyId=key_id)
blob = kms.encrypt(KeyId=key_id, Plaintext=b"boto3 payload", EncryptionContext={"app": "boto3"})["CiphertextBlob"]

request = urllib.request.Request(endpoint + "/_kms-sim/clock", data=json.dumps({"advance": {"years": 2}}).encode(), method="POST")
now = json.loads(urllib.request.urlopen(request).read())["now"]

rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
decrypted = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "boto3"})

errors = {}
for name, call in [
    ("describe_missing", lambda: kms.describe_key(KeyId="alias/missing")),
    ("bad_period", lambda: kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=3000)),
    ("bad_context", lambda: kms.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "other"})),
]:
    try:
        call()
        errors[name] = None
    except ClientError as error:
        errors[name] = [error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]]

print(json.dumps({
    "now": now,
    "rotation_types": [r["RotationType"] for r in rotations],
    "rotation_dates": [r["RotationDate"].isoformat() for r in rotations],
    "plaintext": decrypted["Plaintext"].decode(),
    "old_material_is_original": decrypted["KeyMaterialId"] == key["CurrentKeyMaterialId"],
    "errors": errors,
}))
