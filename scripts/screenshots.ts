/**
 * `npm run screenshots`: the console's screenshots for docs/console.md, taken in Chromium from a
 * fixed story (manual clock from 2026-01-01, seeded randomness), so they change only when the
 * console does. test/browser/screenshots.test.ts runs it to keep them current.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { startServer } from "../src/node/index.js";
import { launchChromium } from "./chromium.js";

/** The pictures, by file name under docs/images/, with what each shows. */
export const SCREENSHOTS = {
  "console-keys.png": "Customer managed keys",
  "console-key-rotations.png": "Key details, Key material and rotations, a year after enabling rotation with period 90",
  "console-rotate-now.png": "The Rotate now confirmation",
  "console-edit-rotation.png": "Edit automatic key rotation",
  "console-aws-managed-key.png": "An AWS managed key, read-only",
  "console-events.png": "Events",
  "console-public-key.png": "An asymmetric key's Public key tab",
} as const;

/**
 * Takes every screenshot into `outDir`.
 * @param browser a running Chromium to reuse (default: launches one)
 * @returns the files written
 */
export async function takeScreenshots(outDir: string, browser?: Browser): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const own = browser ? undefined : await launchChromium();
  const chromium = browser ?? (own as { browser: Browser }).browser;
  const server = await startServer({ port: 0, clockMode: "manual", start: new Date("2026-01-01T00:00:00Z"), seed: "screenshots" });
  const written: string[] = [];
  try {
    const kms = server.kms;
    const orders = (await kms.createKey({ Description: "Orders service data keys" })).KeyMetadata?.KeyId as string;
    await kms.createAlias({ AliasName: "alias/orders", TargetKeyId: orders });
    for (const [name, description] of [["payments", "Payment tokens"], ["audit-log", "Audit log archive"]] as const) {
      const keyId = (await kms.createKey({ Description: description })).KeyMetadata?.KeyId as string;
      await kms.createAlias({ AliasName: `alias/${name}`, TargetKeyId: keyId });
      if (name === "payments") await kms.enableKeyRotation({ KeyId: keyId });
    }
    await kms.createKey({ Description: "Imported key material", Origin: "EXTERNAL" });
    const s3 = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId as string;
    await kms.tagResource({ KeyId: orders, Tags: [{ TagKey: "team", TagValue: "orders" }] });
    const signer = (await kms.createKey({ Description: "Release signing", KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" })).KeyMetadata?.KeyId as string;
    await kms.createAlias({ AliasName: "alias/release-signing", TargetKeyId: signer });

    const page = await chromium.newPage({ viewport: { width: 1280, height: 860 } });
    const shoot = async (file: keyof typeof SCREENSHOTS, fullPage = true) => {
      const path = join(outDir, file);
      await page.screenshot({ path, fullPage });
      written.push(path);
    };
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "alias/orders" }).click();
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("radio", { name: "Enable" }).check();
    await page.getByLabel("Rotation period (in days)").fill("90");
    await shoot("console-edit-rotation.png");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByLabel("Amount").fill("1");
    await page.getByLabel("Unit").selectOption("years");
    await page.getByRole("button", { name: "Advance clock" }).click();
    await shoot("console-key-rotations.png");
    await page.getByRole("button", { name: "Rotate now" }).click();
    await shoot("console-rotate-now.png", false);
    await page.getByRole("dialog").getByRole("button", { name: "Rotate key" }).click();
    await page.goto(`${server.url}/`);
    await shoot("console-keys.png");
    await page.goto(`${server.url}/console/keys/${s3}`);
    await shoot("console-aws-managed-key.png");
    await page.goto(`${server.url}/console/events`);
    await shoot("console-events.png");
    await page.goto(`${server.url}/console/keys/${signer}?tab=public-key`);
    await shoot("console-public-key.png");
    await page.close();
  } finally {
    await server.close();
    await own?.close();
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, "screenshots.ts")) {
  const out = resolve(import.meta.dirname, "..", "docs", "images");
  for (const file of await takeScreenshots(out)) console.log(`wrote ${file}`);
}
