import { isIPv4 } from '../../net/ipv4';
import { isMac, normalizeMac } from '../../net/mac';
import { clip } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';

/** One line of an IMDS listing or multi-value body. */
export interface ImdsLine {
  value: string;
  line: number;
}

/** One entry of an IMDS directory listing: `interface-id`, or `ipv4-associations/` (a directory). */
export interface ImdsEntry extends ImdsLine {
  isDirectory: boolean;
}

/** IMDS answers errors with an HTML/XML page (404) or nothing (401 without an IMDSv2 token). */
function errorPage(text: string, warnings: WarningList): boolean {
  if (!/^\s*<(\?xml|!DOCTYPE|html)/i.test(text)) return false;
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  warnings.add(
    1,
    `IMDS answered with an error page${title === undefined ? '' : `: ${clip(title.trim(), 60)}`}`,
  );
  return true;
}

function lines(text: string, warnings: WarningList): ImdsLine[] {
  if (errorPage(text, warnings)) return [];
  const out: ImdsLine[] = [];
  splitLines(text).forEach((raw, i) => {
    const value = raw.trim();
    if (value !== '') out.push({ value, line: i + 1 });
  });
  return out;
}

/**
 * Parses an IMDS directory listing, e.g. `GET …/meta-data/network/interfaces/macs/<mac>/`.
 * Sample line: `ipv4-associations/` → `{ value: 'ipv4-associations', isDirectory: true, line }`.
 */
export function parseImdsListing(text: string): Parsed<ImdsEntry[]> {
  const warnings = new WarningList();
  const entries = lines(text, warnings).map(({ value, line }) => ({
    value: value.replace(/\/$/, ''),
    isDirectory: value.endsWith('/'),
    line,
  }));
  return { value: entries, warnings: warnings.items };
}

/**
 * Parses the `…/network/interfaces/macs/` listing: one MAC per line with a trailing `/`.
 * Sample line: `0a:07:84:3d:6e:38/` → `{ value: '0a:07:84:3d:6e:38', line: 1 }` (lower-cased).
 * Lines that are not MACs become warnings.
 */
export function parseImdsMacs(text: string): Parsed<ImdsLine[]> {
  const warnings = new WarningList();
  const macs: ImdsLine[] = [];
  for (const { value, line } of lines(text, warnings)) {
    const mac = value.replace(/\/$/, '');
    if (isMac(mac)) macs.push({ value: normalizeMac(mac), line });
    else warnings.add(line, 'not a MAC address', clip(value));
  }
  return { value: macs, warnings: warnings.items };
}

/**
 * Parses a `local-ipv4s` body (`GET …/macs/<mac>/local-ipv4s`): one address per line, the
 * ENI's primary first; IMDS sends no trailing newline. Sample: `172.31.44.13\n172.31.45.70`
 * → `[{ value: '172.31.44.13', line: 1 }, { value: '172.31.45.70', line: 2 }]`.
 */
export function parseImdsIpv4List(text: string): Parsed<ImdsLine[]> {
  const warnings = new WarningList();
  const out: ImdsLine[] = [];
  for (const entry of lines(text, warnings)) {
    if (isIPv4(entry.value)) out.push(entry);
    else warnings.add(entry.line, 'not an IPv4 address', clip(entry.value));
  }
  return { value: out, warnings: warnings.items };
}

/**
 * Parses a single-value body (`device-number`, `interface-id`, `subnet-id`, `vpc-id`,
 * `subnet-ipv4-cidr-block`…). Sample: `eni-0d6335689899ce9cc` → `'eni-0d6335689899ce9cc'`.
 * Empty bodies and extra lines are warnings; the value is the first line.
 */
export function parseImdsValue(text: string): Parsed<string | undefined> {
  const warnings = new WarningList();
  const all = lines(text, warnings);
  if (all.length === 0 && warnings.items.length === 0)
    warnings.add(0, 'empty body (IMDSv2 answers 401 with no body when the token is missing)');
  if (all.length > 1)
    warnings.add(
      all[1]?.line ?? 2,
      'expected one value, found several lines',
      clip(all[1]?.value ?? ''),
    );
  return { value: all[0]?.value, warnings: warnings.items };
}

/** Parses `device-number` (`0`, `1`…): the ENI's attachment index. Sample: `1` → 1. */
export function parseImdsDeviceNumber(text: string): Parsed<number | undefined> {
  const { value, warnings } = parseImdsValue(text);
  if (value === undefined) return { value: undefined, warnings };
  if (/^\d{1,4}$/.test(value)) return { value: Number(value), warnings };
  return {
    value: undefined,
    warnings: [
      ...warnings,
      { line: 1, message: 'device-number is not a number', raw: clip(value) },
    ],
  };
}
