"""boto3 against the kms-sim local endpoint with principals (run by test/clients/access.test.ts).

Three access keys: the account's root (its 12-digit account id), Alice (allowed to encrypt and
decrypt by her IAM policy) and Bob (no policy), each signing with its own secret; plus Alice's key
id with a wrong secret, and an unknown key id (the server runs with --strict-auth). botocore signs
at the server's simulated present (its clock is patched to it). Prints one JSON line of facts.
"""
import datetime
import json
import sys
import urllib.request

import boto3
import botocore.auth
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
now = json.loads(urllib.request.urlopen(endpoint + "/_kms-sim/clock").read())["now"]
signing_time = datetime.datetime.strptime(now, "%Y-%m-%dT%H:%M:%S.%fZ")
botocore.auth.get_current_datetime = lambda: signing_time


def client(key_id, secret):
    return boto3.client("kms", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key_id, aws_secret_access_key=secret)


def outcome(call):
    try:
        call()
        return "ok"
    except ClientError as error:
        return [error.response["Error"]["Code"], error.response["Error"]["Message"], error.response["ResponseMetadata"]["HTTPStatusCode"]]


root = client("111122223333", "anything")
alice = client("AKIAALICEEXAMPLE0001", "alice-secret")
bob = client("AKIABOBEXAMPLE000001", "bob-secret")
forged = client("AKIAALICEEXAMPLE0001", "not-alice-secret")
stranger = client("AKIASTRANGER00000001", "whatever")

key_arn = root.create_key(Description="shared")["KeyMetadata"]["Arn"]
blob = alice.encrypt(KeyId=key_arn, Plaintext=b"for alice", EncryptionContext={"app": "boto3"})["CiphertextBlob"]
plaintext = alice.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "boto3"})["Plaintext"].decode()
bob_encrypt = outcome(lambda: bob.encrypt(KeyId=key_arn, Plaintext=b"x"))
forged_encrypt = outcome(lambda: forged.encrypt(KeyId=key_arn, Plaintext=b"x"))
stranger_list = outcome(lambda: stranger.list_keys())

print(json.dumps({
    "key_arn": key_arn,
    "plaintext": plaintext,
    "bob": bob_encrypt,
    "forged": [forged_encrypt[0], forged_encrypt[1].split("\n")[0], forged_encrypt[2]],
    "stranger": stranger_list,
}))
