/**
 * `npm run demo`: a short walkthrough of kms-sim — keys, aliases, ten simulated years of rotation,
 * a disabled key's catch-up, manual rotation through an alias, and AWS errors — on a manual clock
 * and a seeded random source, so every run prints the same thing.
 */
import { createKms, KMSInvalidStateException, NotFoundException, type KmsEvent } from "../src/index.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";

const say = (line = "") => console.log(line);
const short = (id: string | undefined) => (id ? `${id.slice(0, 8)}…` : "-");
const day = (d: Date | undefined) => d?.toISOString().slice(0, 10) ?? "-";

const events: KmsEvent[] = [];
const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("demo"), events: (e) => events.push(e) });

say("kms-sim demo: an in-memory AWS KMS whose keys rotate as simulated time passes");
say(`clock starts at ${day(clock.now())}, region us-east-1, account 111122223333`);
say();

say("1. Create a key and an alias");
const key = (await kms.createKey({ Description: "orders database" })).KeyMetadata!;
await kms.createAlias({ AliasName: "alias/TestCMK", TargetKeyId: key.KeyId });
say(`   key ${key.KeyId} (${key.KeyState}, ${key.KeySpec}, origin ${key.Origin})`);
say(`   alias/TestCMK -> ${short(key.KeyId)}, backing key ${short(key.CurrentKeyMaterialId)}`);

say("2. Enable automatic rotation (the seed page's aws kms enable-key-rotation)");
await kms.enableKeyRotation({ KeyId: "alias/TestCMK" });
const status = await kms.getKeyRotationStatus({ KeyId: key.KeyId });
say(`   KeyRotationEnabled: ${status.KeyRotationEnabled}, every ${status.RotationPeriodInDays} days, next ${day(status.NextRotationDate)}`);

say("3. Encrypt a secret, then jump ten years");
const { CiphertextBlob } = await kms.encrypt({ KeyId: "alias/TestCMK", Plaintext: new TextEncoder().encode("the 2026 secret") });
clock.advance({ days: 3650 });
await kms.tick();
const rotations = (await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations ?? [];
say(`   ${rotations.length} automatic rotations: ${rotations.map((r) => day(r.RotationDate)).join(", ")}`);
const old = await kms.decrypt({ CiphertextBlob: CiphertextBlob! });
say(`   the 2026 ciphertext still decrypts: "${new TextDecoder().decode(old.Plaintext)}" with backing key ${short(old.KeyMaterialId)}`);

say("4. Disable the key across its rotation date, then enable it again");
await kms.disableKey({ KeyId: key.KeyId });
clock.advance({ days: 400 });
const whileDisabled = (await kms.tick()).length;
await kms.enableKey({ KeyId: key.KeyId });
const catchUp = events.at(-1);
say(`   rotations while disabled: ${whileDisabled}; on EnableKey it rotated at once (${catchUp?.time.slice(0, 10)}), backing key over a year old`);

say("5. Manual rotation: a new key, then UpdateAlias");
const next = (await kms.createKey({ Description: "orders database v2" })).KeyMetadata!;
await kms.updateAlias({ AliasName: "alias/TestCMK", TargetKeyId: next.KeyId });
const [alias] = (await kms.listAliases()).Aliases ?? [];
say(`   ${alias?.AliasName} -> ${short(alias?.TargetKeyId)}; old ciphertexts still name ${short(key.KeyId)} and decrypt`);

say("6. AWS errors, exactly");
for (const attempt of [
  () => kms.describeKey({ KeyId: "alias/nope" }),
  () => kms.enableKeyRotation({ KeyId: "not-a-key-id" }),
]) {
  try {
    await attempt();
  } catch (error) {
    if (error instanceof NotFoundException || error instanceof KMSInvalidStateException) say(`   ${error.name}: ${error.message}`);
    else throw error;
  }
}

say("7. Schedule the old key's deletion; the clock completes it");
await kms.updateAlias({ AliasName: "alias/TestCMK", TargetKeyId: key.KeyId });
const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
clock.set(DeletionDate!);
await kms.tick();
say(`   deleted on ${day(DeletionDate)} with its alias; aliases left: ${(await kms.listAliases()).Aliases?.length ?? 0}`);
say();
say(`${events.length} events sent to the sink: ${[...new Set(events.map((e) => e["detail-type"]))].join(", ")}`);
