import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/fuzz';
import { hmacEquals, hmacKeySchedule, padAfterKeyBlock } from './host-key-hmac';

describe('HMAC-SHA1 for hashed known_hosts lines', () => {
  it('agrees with node:crypto for keys of 0–64 bytes and messages across block boundaries', () => {
    const random = seededRandom(4);
    const disagreements: string[] = [];
    for (let i = 0; i < 600; i++) {
      const key = randomBytes(Math.floor(random() * 65));
      const message = randomBytes(i % 200);
      const expected = createHmac('sha1', key).update(message).digest();
      const schedule = hmacKeySchedule(key);
      const padded = padAfterKeyBlock(message);
      if (!hmacEquals(schedule, padded, expected))
        disagreements.push(`key ${key.length} msg ${message.length}`);
      // One flipped bit anywhere in the expected digest must not match.
      const wrong = Buffer.from(expected);
      wrong[i % 20]! ^= 1 << (i % 8);
      if (hmacEquals(schedule, padded, wrong)) disagreements.push(`false match at ${i}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('never matches a digest of the wrong length', () => {
    const key = randomBytes(20);
    const digest = createHmac('sha1', key).update('node1').digest();
    const padded = padAfterKeyBlock(Buffer.from('node1'));
    expect(hmacEquals(hmacKeySchedule(key), padded, digest.subarray(0, 19))).toBe(false);
  });
});
