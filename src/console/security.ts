/**
 * The console's defences. Reads are answered only for allowed Host names (DNS rebinding cannot
 * make another site's page read the console, and so its CSRF token). State-changing requests are
 * POST, from this console's own origin (Origin, or Referer when a browser sends no Origin), with
 * the per-server CSRF token; anything else is refused with 403 before any KMS call. Every response
 * carries a Content-Security-Policy that allows only the console's own stylesheet and script.
 */

/** Host names a console on this machine answers to by default. */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]", "::1"];

/** Nothing but the console's own files: no inline script or style, no frames, forms only to itself. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

/** Headers on every console response. */
export function securityHeaders(): Record<string, string> {
  return {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  };
}

/** Whether the request's Host (as the request URL carries it) is one the console answers to. */
export function isAllowedHost(url: URL, allowed: readonly string[] | "any"): boolean {
  if (allowed === "any") return true;
  const host = url.hostname.toLowerCase();
  return allowed.some((name) => name.toLowerCase() === host);
}

/**
 * Whether a state-changing request comes from the console's own origin. Browsers send Origin with
 * every POST; a Referer of the same origin is accepted when Origin is absent. Neither: refused.
 */
export function isSameOrigin(request: Request, url: URL): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === url.origin;
  const referer = request.headers.get("referer");
  if (referer === null) return false;
  try {
    return new URL(referer).origin === url.origin;
  } catch {
    return false;
  }
}

/** Compares the submitted token with the server's in time independent of where they differ. */
export function tokenMatches(submitted: string | null, expected: string): boolean {
  if (submitted === null || submitted.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= submitted.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}

/**
 * A local path to return to after a form, or undefined: only console paths of this origin, so a
 * forged `return` can never redirect elsewhere (`//evil.example`, `/\\evil`, `https:`).
 */
export function localReturnPath(value: string | null): string | undefined {
  if (value === null || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return undefined;
  let url: URL;
  try {
    url = new URL(value, "http://base.invalid");
  } catch {
    return undefined;
  }
  if (url.origin !== "http://base.invalid") return undefined;
  if (url.pathname !== "/" && url.pathname !== "/console" && !url.pathname.startsWith("/console/")) return undefined;
  return url.pathname + url.search;
}
