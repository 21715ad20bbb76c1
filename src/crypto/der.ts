/**
 * The few DER structures of public and private keys kms-sim reads and writes: SubjectPublicKeyInfo
 * (RFC 5280; what GetPublicKey returns and DeriveSharedSecret reads) and PKCS #8 PrivateKeyInfo
 * (RFC 5958; data key pairs and imported private keys). A data format, not cryptography: the
 * points and scalars inside come from and go to the provider. Readers are strict DER, except that
 * an imported RSA or EC key may wrap its outer SEQUENCE in BER's indefinite length, as AWS accepts.
 *
 * Byte layouts written (hex; P-256 shown, other curves change the OID and sizes):
 *   EC SPKI   30 59 30 13 06 07 2a8648ce3d0201 06 08 2a8648ce3d030107 03 42 00 <04 x y>
 *   EC PKCS#8 30 81 93 02 01 00 30 13 <ecPublicKey, curve> 04 79 30 77 02 01 01 04 20 <d>
 *             a0 0a 06 08 <curve> a1 44 03 42 00 <04 x y>   (AWS's form: 150 bytes for P-256)
 *   Ed25519   SPKI 30 2a 30 05 06 03 2b6570 03 21 00 <32>; PKCS#8 30 2e 02 01 00 30 05 06 03 2b6570 04 22 04 20 <32>
 */
import type { EccCurve, MlDsaParameterSet } from "../model/algorithms.js";
import { concatBytes } from "./bytes.js";

const hex = (text: string): Uint8Array => Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));

/** Object identifiers (encoded contents of the OID). */
const OID = {
  ecPublicKey: hex("2a8648ce3d0201"),
  rsaEncryption: hex("2a864886f70d010101"),
  ed25519: hex("2b6570"),
};
const CURVE_OIDS: Readonly<Record<EccCurve, Uint8Array>> = {
  "P-256": hex("2a8648ce3d030107"),
  "P-384": hex("2b81040022"),
  "P-521": hex("2b81040023"),
  secp256k1: hex("2b8104000a"),
};
const ML_DSA_OIDS: Readonly<Record<MlDsaParameterSet, Uint8Array>> = {
  "ML-DSA-44": hex("608648016503040311"),
  "ML-DSA-65": hex("608648016503040312"),
  "ML-DSA-87": hex("608648016503040313"),
};
/** Byte length of a private scalar (and of each point coordinate) per curve. */
export const CURVE_BYTES: Readonly<Record<EccCurve, number>> = { "P-256": 32, "P-384": 48, "P-521": 66, secp256k1: 32 };

const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30, CONTEXT0: 0xa0, CONTEXT1: 0xa1 };

// ---------------------------------------------------------------- writing

function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One DER element: tag, definite length, contents. */
function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = concatBytes(contents);
  return concatBytes([Uint8Array.of(tag), lengthBytes(body.length), body]);
}

const bitString = (bytes: Uint8Array): Uint8Array => tlv(TAG.BIT_STRING, Uint8Array.of(0), bytes);
const VERSION_0 = tlv(TAG.INTEGER, Uint8Array.of(0));

/** SubjectPublicKeyInfo of an EC point (uncompressed SEC1). */
export function ecSpki(curve: EccCurve, point: Uint8Array): Uint8Array {
  return tlv(TAG.SEQUENCE, tlv(TAG.SEQUENCE, tlv(TAG.OID, OID.ecPublicKey), tlv(TAG.OID, CURVE_OIDS[curve])), bitString(point));
}

/** SubjectPublicKeyInfo of an Ed25519 public key (RFC 8410). */
export function ed25519Spki(publicKey: Uint8Array): Uint8Array {
  return tlv(TAG.SEQUENCE, tlv(TAG.SEQUENCE, tlv(TAG.OID, OID.ed25519)), bitString(publicKey));
}

/** SubjectPublicKeyInfo of an ML-DSA public key (RFC 9881): the raw FIPS 204 encoding in a BIT STRING. */
export function mlDsaSpki(set: MlDsaParameterSet, publicKey: Uint8Array): Uint8Array {
  return tlv(TAG.SEQUENCE, tlv(TAG.SEQUENCE, tlv(TAG.OID, ML_DSA_OIDS[set])), bitString(publicKey));
}

/** PKCS #8 of an EC private key in AWS's form: ECPrivateKey with the curve OID and the public point. */
export function ecPkcs8(curve: EccCurve, privateKey: Uint8Array, point: Uint8Array): Uint8Array {
  const ecPrivateKey = tlv(
    TAG.SEQUENCE,
    tlv(TAG.INTEGER, Uint8Array.of(1)),
    tlv(TAG.OCTET_STRING, privateKey),
    tlv(TAG.CONTEXT0, tlv(TAG.OID, CURVE_OIDS[curve])),
    tlv(TAG.CONTEXT1, bitString(point)),
  );
  const algorithm = tlv(TAG.SEQUENCE, tlv(TAG.OID, OID.ecPublicKey), tlv(TAG.OID, CURVE_OIDS[curve]));
  return tlv(TAG.SEQUENCE, VERSION_0, algorithm, tlv(TAG.OCTET_STRING, ecPrivateKey));
}

/** PKCS #8 of an Ed25519 private key (RFC 8410, 48 bytes, no public key, as AWS writes it). */
export function ed25519Pkcs8(privateKey: Uint8Array): Uint8Array {
  return tlv(TAG.SEQUENCE, VERSION_0, tlv(TAG.SEQUENCE, tlv(TAG.OID, OID.ed25519)), tlv(TAG.OCTET_STRING, tlv(TAG.OCTET_STRING, privateKey)));
}

// ---------------------------------------------------------------- reading

interface Element {
  readonly tag: number;
  readonly contents: Uint8Array;
  /** Offset just past the element in the buffer it was read from. */
  readonly end: number;
}

/** Reads one strict-DER element at `offset`; undefined when malformed or truncated. */
function read(bytes: Uint8Array, offset: number): Element | undefined {
  if (offset + 2 > bytes.length) return undefined;
  const tag = bytes[offset] as number;
  let length = bytes[offset + 1] as number;
  let start = offset + 2;
  if (length >= 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || start + count > bytes.length || bytes[start] === 0) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] as number);
    if (length < 0x80) return undefined; // DER: the shortest form
    start += count;
  }
  const end = start + length;
  if (end > bytes.length) return undefined;
  return { tag, contents: bytes.subarray(start, end), end };
}

/** The elements of a constructed value, all of them or undefined. */
function children(contents: Uint8Array): Element[] | undefined {
  const out: Element[] = [];
  for (let offset = 0; offset < contents.length; ) {
    const element = read(contents, offset);
    if (!element) return undefined;
    out.push(element);
    offset = element.end;
  }
  return out;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** The single outer SEQUENCE's elements; with `allowIndefinite`, also `30 80 ... 00 00`. */
function outerSequence(bytes: Uint8Array, allowIndefinite: boolean): Element[] | undefined {
  if (allowIndefinite && bytes[0] === TAG.SEQUENCE && bytes[1] === 0x80) {
    if (bytes.length < 4 || bytes[bytes.length - 1] !== 0 || bytes[bytes.length - 2] !== 0) return undefined;
    return children(bytes.subarray(2, bytes.length - 2));
  }
  const outer = read(bytes, 0);
  if (!outer || outer.tag !== TAG.SEQUENCE || outer.end !== bytes.length) return undefined;
  return children(outer.contents);
}

/** Bit length of a positive DER INTEGER's contents. */
function integerBits(contents: Uint8Array): number {
  let index = 0;
  while (index < contents.length - 1 && contents[index] === 0) index++;
  const first = contents[index] as number;
  return (contents.length - index - 1) * 8 + (first === 0 ? 0 : 32 - Math.clz32(first));
}

/** A BIT STRING's bytes when it has no unused bits. */
function bitStringBytes(element: Element | undefined): Uint8Array | undefined {
  if (element?.tag !== TAG.BIT_STRING || element.contents[0] !== 0) return undefined;
  return element.contents.subarray(1);
}

/** A public key read from a SubjectPublicKeyInfo. */
export type ParsedSpki =
  | { readonly kind: "EC"; readonly curve: EccCurve; readonly point: Uint8Array }
  | { readonly kind: "ED25519"; readonly publicKey: Uint8Array }
  | { readonly kind: "RSA"; readonly modulusBits: number }
  | { readonly kind: "ML-DSA"; readonly set: MlDsaParameterSet; readonly publicKey: Uint8Array };

/** Reads a DER SubjectPublicKeyInfo; undefined for anything else (or a key type kms-sim does not know). */
export function parseSpki(bytes: Uint8Array): ParsedSpki | undefined {
  const [algorithm, key, extra] = outerSequence(bytes, false) ?? [];
  if (!algorithm || algorithm.tag !== TAG.SEQUENCE || extra) return undefined;
  const keyBytes = bitStringBytes(key);
  const [oid, parameter, more] = children(algorithm.contents) ?? [];
  if (!keyBytes || oid?.tag !== TAG.OID || more) return undefined;
  if (same(oid.contents, OID.ecPublicKey)) {
    const curve = (Object.keys(CURVE_OIDS) as EccCurve[]).find((c) => parameter?.tag === TAG.OID && same(parameter.contents, CURVE_OIDS[c]));
    return curve ? { kind: "EC", curve, point: keyBytes } : undefined;
  }
  if (parameter && !(same(oid.contents, OID.rsaEncryption) && parameter.tag === TAG.NULL)) return undefined;
  if (same(oid.contents, OID.ed25519)) return keyBytes.length === 32 ? { kind: "ED25519", publicKey: keyBytes } : undefined;
  if (same(oid.contents, OID.rsaEncryption)) {
    const [n, e, rest] = children(read(keyBytes, 0)?.contents ?? new Uint8Array(0)) ?? [];
    if (n?.tag !== TAG.INTEGER || e?.tag !== TAG.INTEGER || rest || n.contents.length === 0) return undefined;
    return { kind: "RSA", modulusBits: integerBits(n.contents) };
  }
  const set = (Object.keys(ML_DSA_OIDS) as MlDsaParameterSet[]).find((s) => same(oid.contents, ML_DSA_OIDS[s]));
  return set ? { kind: "ML-DSA", set, publicKey: keyBytes } : undefined;
}

/** A private key read from PKCS #8, with the DER re-encoding of what was read. */
export type ParsedPkcs8 =
  | { readonly kind: "EC"; readonly curve: EccCurve; readonly privateKey: Uint8Array; readonly point: Uint8Array | undefined }
  | { readonly kind: "ED25519"; readonly privateKey: Uint8Array }
  | { readonly kind: "RSA"; readonly der: Uint8Array };

/**
 * Reads a PKCS #8 PrivateKeyInfo (version 0 or 1) holding an RSA, EC or Ed25519 private key.
 * RSA and EC keys may use an indefinite-length outer SEQUENCE; RSA keys come back as definite DER
 * (`der`) for the provider to load; EC scalars are left-padded to the curve's length.
 * @returns undefined for anything malformed or of another type.
 */
export function parsePkcs8(bytes: Uint8Array): ParsedPkcs8 | undefined {
  const indefinite = bytes[0] === TAG.SEQUENCE && bytes[1] === 0x80;
  const elements = outerSequence(bytes, true);
  const [version, algorithm, privateKey] = elements ?? [];
  if (!elements || version?.tag !== TAG.INTEGER || version.contents.length !== 1 || (version.contents[0] as number) > 1) return undefined;
  if (algorithm?.tag !== TAG.SEQUENCE || privateKey?.tag !== TAG.OCTET_STRING) return undefined;
  const [oid, parameter, more] = children(algorithm.contents) ?? [];
  if (oid?.tag !== TAG.OID || more) return undefined;
  if (same(oid.contents, OID.rsaEncryption)) {
    if (parameter && parameter.tag !== TAG.NULL) return undefined;
    return { kind: "RSA", der: indefinite ? tlv(TAG.SEQUENCE, bytes.subarray(2, bytes.length - 2)) : bytes };
  }
  if (same(oid.contents, OID.ed25519)) {
    const inner = read(privateKey.contents, 0);
    if (indefinite || parameter || inner?.tag !== TAG.OCTET_STRING || inner.end !== privateKey.contents.length || inner.contents.length !== 32) {
      return undefined;
    }
    return { kind: "ED25519", privateKey: inner.contents };
  }
  if (!same(oid.contents, OID.ecPublicKey) || parameter?.tag !== TAG.OID) return undefined;
  const curve = (Object.keys(CURVE_OIDS) as EccCurve[]).find((c) => same(parameter.contents, CURVE_OIDS[c]));
  return curve ? parseEcPrivateKey(curve, privateKey.contents) : undefined;
}

/** RFC 5915 ECPrivateKey: version 1, the scalar, optional curve (must match), optional point. */
function parseEcPrivateKey(curve: EccCurve, der: Uint8Array): ParsedPkcs8 | undefined {
  const outer = read(der, 0);
  if (!outer || outer.tag !== TAG.SEQUENCE || outer.end !== der.length) return undefined;
  const [version, scalar, ...optional] = children(outer.contents) ?? [];
  if (version?.tag !== TAG.INTEGER || !same(version.contents, Uint8Array.of(1)) || scalar?.tag !== TAG.OCTET_STRING) return undefined;
  const size = CURVE_BYTES[curve];
  if (scalar.contents.length === 0 || scalar.contents.length > size) return undefined;
  const privateKey = new Uint8Array(size);
  privateKey.set(scalar.contents, size - scalar.contents.length);
  let point: Uint8Array | undefined;
  for (const element of optional) {
    if (element.tag === TAG.CONTEXT0) {
      const oid = read(element.contents, 0);
      if (oid?.tag !== TAG.OID || oid.end !== element.contents.length || !same(oid.contents, CURVE_OIDS[curve])) return undefined;
    } else if (element.tag === TAG.CONTEXT1) {
      const bits = read(element.contents, 0);
      point = bits && bits.end === element.contents.length ? bitStringBytes(bits) : undefined;
      if (!point) return undefined;
    } else {
      return undefined;
    }
  }
  return { kind: "EC", curve, privateKey, point };
}
