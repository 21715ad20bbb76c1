/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium (apt-get install -y chromium;
 * .ci/run installs it when missing) driven by playwright-core, which downloads no browser of its own.
 *
 * The flags keep Chromium off the network it cannot reach here: without the background-networking
 * ones it keeps opening connections that the machine refuses. Playwright gives every launch a fresh
 * temporary user-data-dir (and refuses one passed in `args`), so no profile state leaks between runs.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** The browser binary; CHROMIUM_PATH overrides it (e.g. on a developer machine without Debian's package). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Command-line flags for every launch. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches headless Chromium; close it with `browser.close()` (an `afterAll` is the usual place).
 * @throws when the binary is missing, naming the package to install
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}
