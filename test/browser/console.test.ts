/**
 * The web console in a real browser (Debian's Chromium through playwright-core), against the local
 * endpoint with a manual clock: the seed page's console steps, AWS managed keys read-only, a refused
 * action, CSRF refusal, XSS-shaped user text, keyboard use of tabs and dialogs, and axe-core on
 * every page. One browser for the whole file.
 */
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  GetKeyRotationStatusCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListKeyRotationsCommand,
  TagResourceCommand,
} from "@aws-sdk/client-kms";
import { createServer, type Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type KmsServer } from "kms-sim/node";
import { launchChromium, seriousAxeViolations, watchedPage, type WatchedPage } from "../support/browser.js";

const START = new Date("2026-01-01T00:00:00Z");
const XSS = "<img src=x onerror=alert(1)>";

let server: KmsServer;
let client: KMSClient;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  server = await startServer({ port: 0, clockMode: "manual", start: START, seed: "console-browser" });
  client = new KMSClient({ region: "us-east-1", endpoint: server.url, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  ({ browser, close: closeBrowser } = await launchChromium());
}, 60_000);

afterAll(async () => {
  await closeBrowser?.();
  client?.destroy();
  await server?.close();
});

/** A fresh page that fails the test on any script dialog (an executed XSS would open one). */
function newPage(): Promise<WatchedPage> {
  return watchedPage(browser, { width: 1280, height: 900 });
}

async function createKey(description = "", alias?: string): Promise<string> {
  const keyId = (await client.send(new CreateKeyCommand({ Description: description }))).KeyMetadata?.KeyId as string;
  if (alias) await client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  return keyId;
}

const materialsTable = (page: Page) => page.getByRole("table", { name: "Key materials" });

describe("the seed page's console steps", { timeout: 60_000 }, () => {
  it("enables rotation with period 90, advances a year, rotates on demand, and the API agrees", async () => {
    const keyId = await createKey("orders", "alias/seed-page");
    const { page, dialogs, errors } = await newPage();
    await page.goto(`${server.url}/`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Customer managed keys");

    await page.getByRole("link", { name: "alias/seed-page" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("alias/seed-page");
    await page.getByRole("tab", { name: "Key material and rotations" }).click();
    expect(await page.locator("#rotation-status").textContent()).toBe("Disabled");

    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("radio", { name: "Enable" }).check();
    await page.getByLabel("Rotation period (in days)").fill("90");
    await page.getByRole("button", { name: "Save" }).click();
    expect(await page.getByRole("status").textContent()).toBe("Automatic key rotation saved.");
    expect(await page.locator("#rotation-status").textContent()).toBe("Enabled");
    expect(await page.locator("#rotation-period").textContent()).toBe("90 days");
    expect(await page.locator("#next-rotation").textContent()).toBe("2026-04-01 00:00:00 UTC");

    await page.getByLabel("Amount").fill("1");
    await page.getByLabel("Unit").selectOption("years");
    await page.getByRole("button", { name: "Advance clock" }).click();
    expect(await page.locator("#clock-now").textContent()).toBe("2027-01-01 00:00:00 UTC");
    const rows = materialsTable(page).locator("tbody tr");
    const types = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2]?.textContent ?? ""));
    expect(types.filter((t) => t === "Automatic")).toHaveLength(4);
    const dates = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1]?.textContent ?? ""));
    expect(dates).toEqual(["-", "2026-04-01 00:00:00 UTC", "2026-06-30 00:00:00 UTC", "2026-09-28 00:00:00 UTC", "2026-12-27 00:00:00 UTC"]);

    await page.getByRole("button", { name: "Rotate now" }).click();
    const dialog = page.getByRole("dialog", { name: "Rotate key material now" });
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.locator("#rotations-remaining").textContent()).toBe("You can rotate this key on demand 25 more times.");
    await dialog.getByRole("button", { name: "Rotate key" }).click();
    expect(await page.getByRole("status").textContent()).toBe("On-demand rotation requested.");
    const after = await materialsTable(page).locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.children[1]?.textContent, tr.children[2]?.textContent, tr.children[3]?.textContent]));
    expect(after.at(-1)).toEqual(["2027-01-01 00:00:00 UTC", "On-demand", "Current"]);
    expect(after.filter((row) => row[2] === "Current")).toHaveLength(1);

    // The API saw exactly what the console did.
    const status = await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect([status.KeyRotationEnabled, status.RotationPeriodInDays, status.NextRotationDate?.toISOString()]).toEqual([true, 90, "2027-03-27T00:00:00.000Z"]);
    const listed = await client.send(new ListKeyRotationsCommand({ KeyId: keyId }));
    expect(listed.Rotations?.map((r) => [r.RotationType, r.RotationDate?.toISOString()])).toEqual([
      ["AUTOMATIC", "2026-04-01T00:00:00.000Z"],
      ["AUTOMATIC", "2026-06-30T00:00:00.000Z"],
      ["AUTOMATIC", "2026-09-28T00:00:00.000Z"],
      ["AUTOMATIC", "2026-12-27T00:00:00.000Z"],
      ["ON_DEMAND", "2027-01-01T00:00:00.000Z"],
    ]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("console rules", { timeout: 60_000 }, () => {
  it("shows an AWS managed key read-only, with AWS's reason, and every changing control disabled", async () => {
    const keyId = (await client.send(new DescribeKeyCommand({ KeyId: "alias/aws/ebs" }))).KeyMetadata?.KeyId as string;
    const { page } = await newPage();
    await page.goto(`${server.url}/console/aws-managed-keys`);
    await page.getByRole("link", { name: "alias/aws/ebs" }).click();
    expect(await page.locator("#aws-managed-reason").textContent()).toContain("You cannot edit AWS managed CMKs.");
    for (const name of ["Enable", "Disable", "Schedule key deletion", "Cancel key deletion", "Edit", "Rotate now"]) {
      const button = page.getByRole("button", { name, exact: true });
      expect(await button.isDisabled(), name).toBe(true);
      expect(await button.getAttribute("aria-describedby"), name).toBe("aws-managed-reason");
    }
    await page.getByRole("tab", { name: "Aliases" }).click();
    expect(await page.getByLabel("Alias name").count()).toBe(0);
    await page.getByRole("tab", { name: "Tags" }).click();
    expect(await page.getByLabel("Tag key").count()).toBe(0);
    expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe("Enabled");
    await page.close();
  });

  it("shows a refused action's AWS exception and message, and changes nothing", async () => {
    const keyId = await createKey("refused", "alias/refused");
    await client.send(new DisableKeyCommand({ KeyId: keyId }));
    const { page } = await newPage();
    await page.goto(`${server.url}/console/keys/${keyId}/rotation`);
    await page.getByRole("radio", { name: "Enable" }).check();
    await page.getByRole("button", { name: "Save" }).click();
    const alert = page.getByRole("alert");
    expect(await alert.textContent()).toBe(`DisabledException arn:aws:kms:us-east-1:111122223333:key/${keyId} is disabled.`);
    expect(await alert.locator("strong").textContent()).toBe("DisabledException");
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(false);
    await page.close();
  });

  it("refuses a cross-site form post with 403 and changes nothing", async () => {
    const keyId = await createKey("csrf target");
    // An attacker page on another origin (localhost is another origin than 127.0.0.1).
    const attacker: Server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<form id="f" method="post" action="${server.url}/console/keys/${keyId}/disable"><input name="csrf" value="guess"></form><script>document.getElementById("f").submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    const port = (attacker.address() as { port: number }).port;
    const { page } = await newPage();
    try {
      const refused = page.waitForResponse((response) => response.url().endsWith("/disable"));
      await page.goto(`http://localhost:${port}/`);
      expect((await refused).status()).toBe(403);
      expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe("Enabled");
      // Same origin but with a wrong token: refused as well.
      await page.goto(`${server.url}/console/keys/${keyId}`);
      const sameOrigin = page.waitForResponse((response) => response.url().endsWith("/disable"));
      await page.evaluate((action) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = action;
        form.innerHTML = '<input name="csrf" value="wrong-token-of-the-right-length-0123456789a">';
        document.body.append(form);
        form.submit();
      }, `/console/keys/${keyId}/disable`);
      expect((await sameOrigin).status()).toBe(403);
      expect(await page.getByRole("alert").textContent()).toContain("CSRF token is missing or wrong");
      expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe("Enabled");
    } finally {
      await page.close();
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    }
  });

  it("shows XSS-shaped user text as text, in the page and in the timeline SVG", async () => {
    const keyId = await createKey(XSS, "alias/xss");
    await client.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "note", TagValue: "<script>alert(2)</script>" }] }));
    const { page, dialogs, errors } = await newPage();
    await page.goto(`${server.url}/console/keys/${keyId}?tab=tags`);
    expect(await page.locator("dl.facts dd").nth(1).textContent()).toBe(XSS);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.getByRole("cell", { name: "<script>alert(2)</script>" }).count()).toBe(1);
    expect(await page.getByLabel("New description").inputValue()).toBe(XSS);
    await page.goto(`${server.url}/console/keys/${keyId}/timeline.svg`);
    expect(await page.locator("svg title").first().textContent()).toBe("Rotation timeline of alias/xss");
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("asymmetric keys", { timeout: 60_000 }, () => {
  it("opens on Cryptographic configuration; the Public key tab shows the PEM of GetPublicKey's key", async () => {
    const keyId = (await client.send(new CreateKeyCommand({ KeySpec: "ECC_SECG_P256K1", KeyUsage: "SIGN_VERIFY" }))).KeyMetadata?.KeyId as string;
    const { page, errors } = await newPage();
    await page.goto(`${server.url}/console/keys/${keyId}`);
    expect(await page.locator('[role="tab"][aria-selected="true"]').textContent()).toBe("Cryptographic configuration");
    expect(await page.locator("#panel-configuration").textContent()).toContain("ECDSA_SHA_256");
    await page.getByRole("tab", { name: "Public key" }).click();
    await page.getByRole("link", { name: "Show the public key" }).click();
    const pem = (await page.getByRole("region", { name: "Public key (PEM)" }).textContent()) as string;
    const der = (await client.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey as Uint8Array;
    expect(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64")).toEqual(Buffer.from(der));
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("keyboard", { timeout: 60_000 }, () => {
  it("moves between tabs with the arrow keys, Home and End", async () => {
    const keyId = await createKey("keyboard", "alias/keyboard");
    const { page } = await newPage();
    await page.goto(`${server.url}/console/keys/${keyId}`);
    await page.getByRole("tab", { name: "Key material and rotations" }).focus();
    await page.keyboard.press("ArrowRight");
    const selected = () => page.locator('[role="tab"][aria-selected="true"]').textContent();
    expect(await selected()).toBe("Aliases");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Aliases");
    expect(await page.locator("#panel-aliases").isVisible()).toBe(true);
    expect(await page.locator("#panel-rotations").isVisible()).toBe(false);
    await page.keyboard.press("ArrowRight");
    expect(await selected()).toBe("Grants");
    await page.keyboard.press("End");
    expect(await selected()).toBe("Key policy");
    expect(await page.getByRole("region", { name: "Key policy document" }).textContent()).toContain('"Version": "2012-10-17"');
    await page.keyboard.press("ArrowRight");
    expect(await selected()).toBe("Key material and rotations");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Home");
    expect(await selected()).toBe("Key material and rotations");
    // Only the selected tab is in the Tab order.
    expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
    await page.close();
  });

  it("opens the confirmation dialog from the keyboard; Escape cancels it and nothing changes", async () => {
    const keyId = await createKey("dialog", "alias/dialog");
    const { page } = await newPage();
    await page.goto(`${server.url}/console/keys/${keyId}?tab=rotations`);
    const opener = page.getByRole("button", { name: "Rotate now" });
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Rotate key material now" });
    expect(await dialog.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest("dialog")?.id)).toBe("rotate-now-dialog");
    await page.keyboard.press("Escape");
    expect(await dialog.isVisible()).toBe(false);
    await opener.focus();
    await page.keyboard.press(" ");
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Cancel" }).press("Enter");
    expect(await dialog.isVisible()).toBe(false);
    expect((await client.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations).toEqual([]);

    await page.getByRole("button", { name: "Schedule key deletion" }).press("Enter");
    const deletion = page.getByRole("dialog", { name: "Schedule key deletion" });
    expect(await deletion.isVisible()).toBe(true);
    await deletion.getByLabel("Waiting period (in days)").fill("7");
    await deletion.getByLabel(/Confirm that you want to schedule/).check();
    await deletion.getByRole("button", { name: "Schedule deletion" }).press("Enter");
    expect(await page.getByRole("status").textContent()).toBe("Key deletion scheduled.");
    const metadata = (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
    expect([metadata?.KeyState, metadata?.DeletionDate?.getTime()]).toEqual(["PendingDeletion", (await serverNow()) + 7 * 86_400_000]);
    await page.close();
  });
});

async function serverNow(): Promise<number> {
  const clock = (await (await fetch(`${server.url}/_kms-sim/clock`)).json()) as { now: string };
  return new Date(clock.now).getTime();
}

describe("accessibility", () => {
  // Nineteen pages, each with a full axe-core run: slow on two shared cores, so it has its own budget.
  it("axe-core finds no serious or critical violation on any console page", { timeout: 180_000 }, async () => {
    const keyId = await createKey("axe", "alias/axe");
    await client.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "team", TagValue: "payments" }] }));
    await client.send(
      new CreateGrantCommand({
        KeyId: keyId,
        GranteePrincipal: "arn:aws:iam::111122223333:role/app",
        Operations: ["Decrypt", "GenerateDataKey"],
        Constraints: { EncryptionContextSubset: { tenant: "acme" } },
        Name: "axe",
      }),
    );
    const external = (await client.send(new CreateKeyCommand({ Origin: "EXTERNAL", Description: "imported" }))).KeyMetadata?.KeyId as string;
    const awsKey = (await client.send(new DescribeKeyCommand({ KeyId: "alias/aws/s3" }))).KeyMetadata?.KeyId as string;
    const signer = (await client.send(new CreateKeyCommand({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" }))).KeyMetadata?.KeyId as string;
    const mac = (await client.send(new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC", Origin: "EXTERNAL" }))).KeyMetadata?.KeyId as string;
    const pages: [string, ((page: Page) => Promise<void>)?][] = [
      ["/"],
      ["/console/keys?filter=axe"],
      ["/console/aws-managed-keys"],
      ["/console/events"],
      [`/console/keys/${keyId}?tab=rotations`],
      [`/console/keys/${keyId}?tab=aliases`],
      [`/console/keys/${keyId}?tab=grants`],
      [`/console/keys/${keyId}?tab=tags`],
      [`/console/keys/${keyId}?tab=policy`],
      [`/console/keys/${keyId}/rotation`],
      [`/console/keys/${keyId}?tab=rotations`, (page) => page.getByRole("button", { name: "Rotate now" }).click()],
      [`/console/keys/${keyId}?tab=rotations`, (page) => page.getByRole("button", { name: "Schedule key deletion" }).click()],
      [`/console/keys/${external}`],
      [`/console/keys/${awsKey}`],
      [`/console/keys/${signer}`],
      [`/console/keys/${signer}?tab=public-key`],
      [`/console/keys/${mac}`],
      ["/console/keys/00000000-0000-0000-0000-000000000000"],
      ["/console/no-such-page"],
    ];
    const { page } = await newPage();
    const found: Record<string, unknown> = {};
    for (const [path, act] of pages) {
      await page.goto(`${server.url}${path}`);
      await act?.(page);
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) found[`${path}${act ? " (dialog)" : ""}`] = violations;
    }
    expect(found).toEqual({});
    await page.close();
  });
});
