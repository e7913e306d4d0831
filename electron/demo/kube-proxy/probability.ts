/**
 * The probability ladder of KUBE-SVC chains, and how iptables stores and prints it.
 *
 * kube-proxy writes `--probability` as Go's `%0.10f` of 1/(n−k). libxt_statistic keeps it as a
 * 31-bit fraction, `lround(p × 2^31)`, and prints `fraction / 2^31` with `%.11f`; that is why
 * `0.3333333333` comes back from iptables-save as `0.33333333349`.
 */

const TWO_POW_31 = 0x80000000;

/**
 * Formats a double exactly as C's and Go's `%.Nf` do: from its exact binary value, ties to even.
 * (`Number#toFixed` breaks ties upwards, which differs for 1/2048 and 1/4096.)
 */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`unsupported value ${value}`);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const exponentBits = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (exponentBits === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  // value = mantissa × 2^exponent; scale by 10^digits and round the exact quotient.
  const scaled = mantissa * 10n ** BigInt(digits);
  let units: bigint;
  if (exponent >= 0) {
    units = scaled << BigInt(exponent);
  } else {
    const shift = BigInt(-exponent);
    units = scaled >> shift;
    const remainder = scaled - (units << shift);
    const half = 1n << (shift - 1n);
    if (remainder > half || (remainder === half && units % 2n === 1n)) units += 1n;
  }
  const text = units.toString().padStart(digits + 1, '0');
  if (digits === 0) return text;
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** What kube-proxy writes for rule `index` (0-based) of `count` endpoints: 1/(count−index). */
export function kubeProxyProbability(index: number, count: number): string {
  return formatFixed(1 / (count - index), 10);
}

/** The fraction iptables stores for a `--probability` argument: `lround(p × 2^31)`. */
export function storedProbability(probability: string | number): number {
  const scaled = TWO_POW_31 * (typeof probability === 'number' ? probability : Number(probability));
  const floor = Math.floor(scaled);
  return scaled - floor >= 0.5 ? floor + 1 : floor;
}

/** How iptables prints a stored fraction (`-L` and iptables-save alike): `%.11f` of x / 2^31. */
export function renderProbability(stored: number): string {
  return formatFixed(stored / TWO_POW_31, 11);
}

/** The probability a stored fraction really applies. */
export function storedToProbability(stored: number): number {
  return stored / TWO_POW_31;
}

/**
 * Effective share of each rule in a ladder: p_k × Π_{j<k}(1 − p_j). `null` marks a rule without
 * `-m statistic`, which takes everything that reaches it.
 */
export function effectiveShares(probabilities: readonly (number | null)[]): number[] {
  let remaining = 1;
  return probabilities.map((p) => {
    const taken = remaining * (p ?? 1);
    remaining -= taken;
    return taken;
  });
}
