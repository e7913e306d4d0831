/**
 * True when `text` is a colon-separated 48-bit MAC address as `ip link`, IMDS and the EC2 API
 * print it: six pairs of hex digits (`0a:07:84:3d:6e:38`), either case.
 */
export function isMac(text: string): boolean {
  return /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/.test(text);
}

/** Lower-cases a MAC so that IMDS (`0A:07…`) and `ip link` (`0a:07…`) spellings compare equal. */
export function normalizeMac(text: string): string {
  return text.toLowerCase();
}
