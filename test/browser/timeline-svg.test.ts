/**
 * The rotation timeline SVG in a real browser (Debian's Chromium through playwright-core): it opens
 * as a document and as an image, draws its lanes, and an XSS-shaped description and alias show as
 * text: no element, script or handler comes out of them. The committed picture of the worked
 * simulation opens too.
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTimelineSvg, rotationTimeline } from "../../src/sim/index.js";
import { FLEET_TIMELINE } from "../../scripts/fleet-timeline.js";
import { launchChromium, watchedPage, type WatchedPage } from "../support/browser.js";
import { createTestKms, newKeyId } from "../support/create-test-kms.js";

const XSS = `<img src=x onerror=alert(1)><script>alert(2)</script>"'&`;
const ORIGIN = "http://timeline.kms-sim.test";

let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchChromium());
}, 60_000);

afterAll(async () => {
  await closeBrowser?.();
});

/** A page that serves `svg` at /timeline.svg (and an HTML page embedding it), recording dialogs and errors. */
async function servePage(svg: string): Promise<WatchedPage> {
  const watched = await watchedPage(browser, { width: 1200, height: 800 });
  const { page } = watched;
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/timeline.svg") return route.fulfill({ status: 200, contentType: "image/svg+xml", body: svg });
    if (path === "/page.html") return route.fulfill({ status: 200, contentType: "text/html", body: `<!doctype html><title>t</title><img id="t" src="/timeline.svg" alt="timeline">` });
    return route.fulfill({ status: 404, body: "" });
  });
  return watched;
}

describe("the timeline SVG in Chromium", { timeout: 60_000 }, () => {
  it("opens, draws every lane, and shows an XSS-shaped description and alias as text", async () => {
    const { kms, clock } = createTestKms({ audit: true });
    const keyId = await newKeyId(kms, { Description: XSS });
    await kms.createAlias({ AliasName: "alias/x-onerror_alert", TargetKeyId: keyId });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const other = await newKeyId(kms, { Description: XSS });
    clock.advance({ days: 200 });
    await kms.disableKey({ KeyId: other });
    const svg = renderTimelineSvg([await rotationTimeline(kms, keyId), await rotationTimeline(kms, other)], { now: clock.now(), title: XSS });

    const { page, dialogs, errors } = await servePage(svg);
    await page.goto(`${ORIGIN}/timeline.svg`);
    const seen = await page.evaluate(() => {
      const root = document.documentElement;
      const box = (root as unknown as SVGSVGElement).getBoundingClientRect();
      return {
        root: root.localName,
        namespace: root.namespaceURI,
        size: [Math.round(box.width), Math.round(box.height)],
        titles: Array.from(document.querySelectorAll("title")).map((t) => t.textContent),
        labels: Array.from(document.querySelectorAll("text[font-weight='600']")).map((t) => t.textContent),
        dangerous: document.querySelectorAll("script, img, foreignObject, iframe, a, [onerror], [onload]").length,
        bars: Array.from(document.querySelectorAll("rect")).filter((r) => (r as SVGRectElement).getBBox().width > 0).length,
      };
    });
    expect(seen.root).toBe("svg");
    expect(seen.namespace).toBe("http://www.w3.org/2000/svg");
    expect(seen.size).toEqual([960, 214]);
    expect(seen.titles[0]).toBe(XSS);
    // The lane's title carries the whole description; its label, the alias (or the description, truncated).
    expect(seen.titles).toContain(`${XSS} (${other}), Disabled`);
    expect(seen.labels).toEqual(["alias/x-onerror_alert", `${[...XSS].slice(0, 29).join("")}…`]);
    expect(seen.dangerous).toBe(0);
    expect(seen.bars).toBeGreaterThan(6);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);

    // As an image in a page, too.
    await page.goto(`${ORIGIN}/page.html`);
    const image = await page.locator("#t").evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    });
    expect(image).toEqual([960, 214]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("opens the committed picture of the worked simulation", async () => {
    const svg = readFileSync(FLEET_TIMELINE, "utf8");
    const { page, dialogs, errors } = await servePage(svg);
    await page.goto(`${ORIGIN}/timeline.svg`);
    const labels = await page.evaluate(() => Array.from(document.querySelectorAll("text[font-weight='600']")).map((t) => t.textContent));
    expect(labels).toHaveLength(6);
    expect(labels.every((label) => /^[AB]: alias\/tenant-\d+$/.test(label ?? ""))).toBe(true);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
