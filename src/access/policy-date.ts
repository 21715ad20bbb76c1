/**
 * IAM date values: ISO 8601 (`2031-01-01`, `2031-01-01T00:00:00Z`, with an offset or fraction) or
 * epoch seconds, for the Date condition operators and `aws:CurrentTime`.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An IAM date value (ISO 8601, or epoch seconds) as epoch ms; a date-time without an offset is
 * UTC, so the result never depends on the host's zone.
 */
export function parsePolicyDate(text: string): number | undefined {
  if (/^\d{1,15}$/.test(text)) return Number(text) * 1000;
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), fraction ? Math.floor(Number(fraction) * 1000) : 0);
  if (new Date(ms).getUTCDate() !== day) return undefined;
  if (zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}
