/**
 * iproute2's `-c` colours (its light-background palette): interface names cyan, MACs yellow,
 * IPv4 magenta, IPv6 blue, operational state green or red.
 */
export interface Paint {
  ifname(text: string): string;
  mac(text: string): string;
  inet(text: string): string;
  inet6(text: string): string;
  state(text: string): string;
}

const wrap = (code: string) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;

const COLOR: Paint = {
  ifname: wrap('36'),
  mac: wrap('33'),
  inet: wrap('35'),
  inet6: wrap('34'),
  state: (text) =>
    text.trim() === 'UP' ? wrap('32')(text) : text.trim() === 'DOWN' ? wrap('31')(text) : text,
};

const identity = (text: string) => text;
const PLAIN: Paint = {
  ifname: identity,
  mac: identity,
  inet: identity,
  inet6: identity,
  state: identity,
};

export function paint(isColored: boolean): Paint {
  return isColored ? COLOR : PLAIN;
}

/** Colours an address by family. */
export function paintAddress(p: Paint, address: string): string {
  return address.includes(':') ? p.inet6(address) : p.inet(address);
}
