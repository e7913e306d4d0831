/**
 * Deterministic randomness for the demo cluster. Every id, MAC and address is drawn from one
 * seeded generator whose state lives in the model, so the same seed (and the same sequence of
 * scale operations) always yields the same cluster, byte for byte.
 */

import { createHash } from 'node:crypto';

/** A small, fast PRNG (mulberry32). Its whole state is one uint32, kept in the model. */
export class Rng {
  constructor(public state: number) {
    this.state = state >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[this.int(0, 15)];
    return out;
  }

  /** Characters from `alphabet`, as Kubernetes' name generator does. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}

const HEX = '0123456789abcdef';

/**
 * The alphabet of `k8s.io/apimachinery/pkg/util/rand.String`: no vowels and no look-alikes, so
 * generated names never spell words. Pod-template hashes and pod suffixes use it.
 */
export const K8S_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** An AWS resource id in the current long format: `eni-0` followed by 16 hex digits. */
export function awsId(rng: Rng, prefix: string): string {
  return `${prefix}-0${rng.hex(16)}`;
}

/** An EC2 ENI MAC address: EC2 hands out locally administered `02:…` addresses. */
export function ec2Mac(rng: Rng): string {
  return ['02', ...Array.from({ length: 5 }, () => rng.hex(2))].join(':');
}

/** A random locally administered unicast MAC, as the kernel gives a veth. */
export function vethMac(rng: Rng): string {
  const first = (rng.int(0, 255) & 0xfc) | 0x02;
  return [first.toString(16).padStart(2, '0'), ...Array.from({ length: 5 }, () => rng.hex(2))].join(
    ':',
  );
}

/** A version-4 UUID (Kubernetes uids, CNI network namespace names). */
export function uuid(rng: Rng): string {
  const variant = HEX[8 + rng.int(0, 3)] ?? '8';
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`;
}

/** A Kubernetes generated-name suffix: `nginx-5869d7778c-` + five characters. */
export function podSuffix(rng: Rng): string {
  return rng.chars(K8S_NAME_ALPHABET, 5);
}

/**
 * A ReplicaSet pod-template hash such as `5869d7778c`. Kubernetes writes a 32-bit FNV hash in
 * decimal and maps each digit through `rand.SafeEncodeString`, which is why real hashes only
 * use the ten characters `4-9bcdf`; the demo draws the number and encodes it the same way.
 */
export function templateHash(rng: Rng): string {
  const decimal = String(rng.int(100_000_000, 4_294_967_295));
  return [...decimal]
    .map((d) => K8S_NAME_ALPHABET[d.charCodeAt(0) % K8S_NAME_ALPHABET.length])
    .join('');
}

/**
 * A UUID-shaped name-based id (like UUID v5): stable for the same text, for ids the model does not
 * store because they follow from others (a node's uid from its instance id).
 */
export function stableUuid(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${'89ab'[parseInt(h[16] ?? '0', 16) % 4] ?? '8'}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 32-bit seed derived from text, for generators that must repeat per host. */
export function stableSeed(text: string): number {
  return parseInt(createHash('sha1').update(text).digest('hex').slice(0, 8), 16);
}
