// Types of smoke.js, which stays plain JavaScript so that every runtime runs it unchanged.

/** One step of the story and the SHA-256 of its outputs' canonical JSON. */
export interface SmokeCheck {
  readonly name: string;
  readonly digest: string;
}

/** What runSmoke() resolves to; `failure` names the first step that failed (later ones did not run). */
export interface SmokeResult {
  readonly checks: readonly SmokeCheck[];
  readonly digest: string;
  readonly failure?: { readonly check: string; readonly message: string };
}

export const START: Date;
export const SEED: string;
export function canonicalJson(value: unknown): string;
export function runSmoke(): Promise<SmokeResult>;
