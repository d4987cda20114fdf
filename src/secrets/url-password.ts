/**
 * The password of a URL's userinfo, as written and percent-decoded; empty when none. Userinfo runs to
 * the last `@` before any `?` or `#`, so an unencoded `@` or `/` in an interpolated password still counts.
 */
export function urlPassword(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^?#]*)@/i.exec(url);
  const userinfo = m?.[1] ?? '';
  const colon = userinfo.indexOf(':');
  const raw = colon >= 0 ? userinfo.slice(colon + 1) : '';
  if (!raw) return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the raw form is what appears in text anyway.
  }
  return decoded === raw ? [raw] : [raw, decoded];
}
