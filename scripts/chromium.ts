/**
 * Debian's Chromium driven by playwright-core (it downloads no browser; `npx playwright install`
 * cannot work on these machines). `.ci/run` installs Chromium when it is missing.
 */
import { chromium, type Browser } from "playwright-core";

/** Where `apt-get install chromium` puts it; CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A headless Chromium; playwright gives it a fresh temporary profile and removes it on close. */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return { browser, close: () => browser.close() };
}
