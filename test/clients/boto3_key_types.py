"""boto3 against the kms-sim local endpoint with asymmetric and HMAC keys (run by test/clients/boto3.test.ts).

Signs with ECDSA, RSA-PSS and Ed25519 keys and verifies each signature with pyca/cryptography (an
independent implementation, OpenSSL underneath) using the DER public key from GetPublicKey; makes and
checks a MAC; derives an ECDH secret and compares it with cryptography's; loads a data key pair; checks
that a bad signature arrives as a ClientError with AWS's code. Prints one JSON line of facts.
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

endpoint = sys.argv[1]
kms = boto3.client("kms", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
message = b"boto3 signs with kms-sim"
facts = {}


def key(spec, usage):
    return kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyId"]


def public_key(key_id):
    return serialization.load_der_public_key(kms.get_public_key(KeyId=key_id)["PublicKey"])


ecc = key("ECC_NIST_P384", "SIGN_VERIFY")
signature = kms.sign(KeyId=ecc, Message=message, SigningAlgorithm="ECDSA_SHA_384")["Signature"]
public_key(ecc).verify(signature, message, ec.ECDSA(hashes.SHA384()))
facts["ecdsa"] = kms.verify(KeyId=ecc, Message=message, Signature=signature, SigningAlgorithm="ECDSA_SHA_384")["SignatureValid"]

rsa = key("RSA_2048", "SIGN_VERIFY")
signature = kms.sign(KeyId=rsa, Message=message, SigningAlgorithm="RSASSA_PSS_SHA_256")["Signature"]
public_key(rsa).verify(signature, message, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
facts["pss"] = True

ed = key("ECC_NIST_EDWARDS25519", "SIGN_VERIFY")
signature = kms.sign(KeyId=ed, Message=message, SigningAlgorithm="ED25519_SHA_512")["Signature"]
public_key(ed).verify(signature, message)
facts["ed25519"] = True

mac_key = key("HMAC_512", "GENERATE_VERIFY_MAC")
mac = kms.generate_mac(KeyId=mac_key, Message=message, MacAlgorithm="HMAC_SHA_512")["Mac"]
facts["mac"] = [len(mac), kms.verify_mac(KeyId=mac_key, Message=message, MacAlgorithm="HMAC_SHA_512", Mac=mac)["MacValid"]]

agreement = key("ECC_NIST_P256", "KEY_AGREEMENT")
peer = ec.generate_private_key(ec.SECP256R1())
peer_spki = peer.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
secret = kms.derive_shared_secret(KeyId=agreement, KeyAgreementAlgorithm="ECDH", PublicKey=peer_spki)["SharedSecret"]
facts["ecdh"] = secret == peer.exchange(ec.ECDH(), public_key(agreement))

symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
pair = kms.generate_data_key_pair(KeyId=symmetric, KeyPairSpec="ECC_SECG_P256K1", EncryptionContext={"app": "boto3"})
private = serialization.load_der_private_key(pair["PrivateKeyPlaintext"], password=None)
signature = private.sign(message, ec.ECDSA(hashes.SHA256()))
serialization.load_der_public_key(pair["PublicKey"]).verify(signature, message, ec.ECDSA(hashes.SHA256()))
decrypted = kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"], EncryptionContext={"app": "boto3"})["Plaintext"]
facts["data_key_pair"] = decrypted == pair["PrivateKeyPlaintext"]

try:
    kms.verify(KeyId=ecc, Message=b"other", Signature=signature, SigningAlgorithm="ECDSA_SHA_384")
    facts["bad_signature"] = None
except ClientError as error:
    facts["bad_signature"] = [error.response["Error"]["Code"], error.response["Error"]["Message"], error.response["ResponseMetadata"]["HTTPStatusCode"]]

print(json.dumps(facts))
