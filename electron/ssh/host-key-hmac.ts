/**
 * HMAC-SHA1 for matching hashed known_hosts lines, fast enough to run once per line per host.
 * node:crypto costs ~10 µs per HMAC in call overhead; a 1000-line hashed file then made a
 * 50-host fan-out spend over half a second just finding lines. Here each line's key schedule
 * (the SHA-1 state after its salt ⊕ ipad/opad block) is computed once, and each looked-up name
 * is padded once, so a match is two SHA-1 compressions for a typical name. Verified against
 * node:crypto's createHmac in host-key-hmac.test.ts; it only decides which lines to consider,
 * never what is trusted (that is a byte comparison of the keys).
 */

const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0] as const;
const W = new Int32Array(80);

/** One SHA-1 compression of the 64 bytes at `block[offset]` into `state`. */
function compress(state: Int32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    W[i] = (block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!;
  }
  for (let i = 16; i < 80; i++) {
    const x = W[i - 3]! ^ W[i - 8]! ^ W[i - 14]! ^ W[i - 16]!;
    W[i] = (x << 1) | (x >>> 31);
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  for (let i = 0; i < 80; i++) {
    let f: number;
    let k: number;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6;
    }
    const t = (((a << 5) | (a >>> 27)) + f + e + k + W[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
}

/** The SHA-1 states after the inner and outer key blocks of an HMAC key (≤ 64 bytes). */
export interface HmacKeySchedule {
  inner: Int32Array;
  outer: Int32Array;
}

export function hmacKeySchedule(key: Uint8Array): HmacKeySchedule {
  if (key.length > 64) throw new RangeError('HMAC keys over one block are hashed first');
  const ipad = new Uint8Array(64);
  const opad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    const k = key[i] ?? 0;
    ipad[i] = k ^ 0x36;
    opad[i] = k ^ 0x5c;
  }
  const inner = Int32Array.from(IV);
  const outer = Int32Array.from(IV);
  compress(inner, ipad, 0);
  compress(outer, opad, 0);
  return { inner, outer };
}

/** A message padded for SHA-1 as if it followed one 64-byte key block. */
export function padAfterKeyBlock(message: Uint8Array): Uint8Array {
  const blocks = Math.ceil((message.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const bits = (64 + message.length) * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);
  return padded;
}

const state = new Int32Array(5);
const outerBlock = new Uint8Array(64);
{
  // The outer message is always the 20-byte inner digest after the key block: 84 bytes in all.
  outerBlock[20] = 0x80;
  new DataView(outerBlock.buffer).setUint32(60, 84 * 8);
}

/** Whether HMAC-SHA1(key, message) equals `expected` (20 bytes); `padded` from padAfterKeyBlock. */
export function hmacEquals(
  schedule: HmacKeySchedule,
  padded: Uint8Array,
  expected: Uint8Array,
): boolean {
  state.set(schedule.inner);
  for (let offset = 0; offset < padded.length; offset += 64) compress(state, padded, offset);
  const view = new DataView(outerBlock.buffer);
  for (let i = 0; i < 5; i++) view.setInt32(4 * i, state[i]!);
  state.set(schedule.outer);
  compress(state, outerBlock, 0);
  if (expected.length !== 20) return false;
  const want = new DataView(expected.buffer, expected.byteOffset, 20);
  for (let i = 0; i < 5; i++) if (want.getInt32(4 * i) !== state[i]) return false;
  return true;
}
