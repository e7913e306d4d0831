/**
 * What may go into a remote `tcpdump` command line. Both checks run before anything is sent and
 * again on the backend (the contract's schemas use them), and the values are still shell-quoted:
 * validation says what makes sense, quoting is what makes it safe.
 */

/** Linux's IFNAMSIZ is 16 bytes including the terminating NUL. */
export const MAX_IFACE_LENGTH = 15;

/** The longest capture filter accepted; real BPF filters are a line or two. */
export const MAX_FILTER_LENGTH = 1024;

/** tcpdump's pseudo-interface that captures on every interface (LINUX_SLL2 on Linux). */
export const ANY_IFACE = 'any';

/**
 * Why `name` cannot be a Linux interface name for `tcpdump -i`, or undefined when it can.
 *
 * Linux (`dev_valid_name`) allows 1–15 bytes, not `.` or `..`, without `/`, `:` or whitespace.
 * Real interfaces (`ens5`, `eni1a2b3c4d5e6`, `cali12ab…`, `veth…`, `flannel.1`, `kube-ipvs0`,
 * `eth0.100`) use letters, digits and `.`, `_`, `-`, `+`, `@`; so shell metacharacters, which no
 * real name has, are refused too, and a leading `-` (it would read as an option).
 * Sample: `ifaceProblem('eth0;reboot')` → `'… may only contain letters, digits …'`.
 */
export function ifaceProblem(name: string): string | undefined {
  if (name.length === 0) return 'the interface name is empty';
  if (utf8Length(name) > MAX_IFACE_LENGTH)
    return `the interface name is longer than ${MAX_IFACE_LENGTH} bytes (Linux's limit)`;
  if (name === '.' || name === '..') return `"${name}" is not an interface name`;
  if (/[/:\s]/.test(name)) return 'an interface name cannot contain "/", ":" or whitespace';
  if (name.startsWith('-')) return 'an interface name cannot start with "-"';
  if (!/^[A-Za-z0-9._+@-]+$/.test(name))
    return 'an interface name may only contain letters, digits and . _ - + @';
  return undefined;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** True when `name` may be passed to `tcpdump -i`. */
export function isValidIface(name: string): boolean {
  return ifaceProblem(name) === undefined;
}

/**
 * Characters a pcap-filter expression can use: words and numbers, addresses (`10.0.0.0/8`,
 * `fe80::1`, `aa:bb:…`), byte offsets (`tcp[13] & 2 != 0`), arithmetic and comparisons,
 * `and`/`&&`, `or`/`||`, `not`/`!`, parentheses, and `\` (`ether proto \ip`).
 */
const FILTER_CHARS = /^[A-Za-z0-9 ._:/[\]&|!=<>()+\-*%^\\]*$/;

/**
 * Why `filter` cannot be passed to tcpdump as its filter expression, or undefined when it can.
 * The filter travels as ONE quoted argument after `--`; on top of that, anything BPF never needs
 * is refused: quotes, `$`, backticks, `;`, `#`, braces, newlines and other control characters.
 * Sample: `filterProblem('port 80 $(reboot)')` → `'the filter contains "$" …'`.
 */
export function filterProblem(filter: string): string | undefined {
  if (filter.length > MAX_FILTER_LENGTH)
    return `the filter is longer than ${MAX_FILTER_LENGTH} characters`;
  if (FILTER_CHARS.test(filter)) {
    if (filter.trimStart().startsWith('-')) return 'a filter cannot start with "-"';
    return undefined;
  }
  const bad = [...filter].find((c) => !FILTER_CHARS.test(c)) ?? '';
  const shown = /^[\x20-\x7e]$/.test(bad)
    ? `"${bad}"`
    : `U+${(bad.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  return `the filter contains ${shown}, which a tcpdump filter never needs`;
}

/** True when `filter` may be passed to tcpdump (the empty filter captures everything). */
export function isValidFilter(filter: string): boolean {
  return filterProblem(filter) === undefined;
}
