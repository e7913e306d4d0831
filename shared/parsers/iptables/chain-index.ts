/** FNV-1a over `text[start, end)`, read in place. */
function hashAt(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}

function grownInt32(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * Chain names → positions, looked up by a name *inside* a text (`text[start, end)`) without
 * slicing it. A kube-proxy dump has 100k chains and every jump names one: slicing each name and
 * asking a `Map` made a string per rule, and confirming a hit went through the chain object to a
 * key that points back into a 40 MB input, one cache miss after another. Here everything is in
 * compact typed arrays: the slots (hash and position, open addressing) and a copy of every name's
 * characters, so a lookup hashes the name where it lies, reads one slot and compares the
 * candidate's characters in the pool.
 */
export class ChainIndex {
  private hashes = new Int32Array(64);
  private slots = new Int32Array(64).fill(-1);
  private count = 0;
  /** Characters of every name, back to back, by position. */
  private pool = new Uint16Array(1024);
  private poolSize = 0;
  private nameStart = new Int32Array(64);
  private nameLength = new Int32Array(64);

  /** Hash of the name last looked up by {@link findAt}, for an {@link addAt} right after a miss. */
  lastHash = 0;

  /** Position of the chain named `text[start, end)`, or -1. */
  findAt(text: string, start: number, end: number): number {
    const h = hashAt(text, start, end);
    this.lastHash = h;
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const pos = this.slots[k] as number;
      if (pos < 0) return -1;
      if (this.hashes[k] === h && this.nameLength[pos] === len && this.isAt(pos, text, start))
        return pos;
    }
  }

  /** Position of the chain called `name`, or -1. */
  find(name: string): number {
    return this.findAt(name, 0, name.length);
  }

  /** Records `name` at `position` (the caller has checked it is new; positions count up from 0). */
  add(name: string, position: number): void {
    this.addAt(name, 0, name.length, position, hashAt(name, 0, name.length));
  }

  /**
   * Records the name `text[start, end)` at `position`, given its hash (`lastHash` after a
   * {@link findAt} of the same name missed): new chains are looked up before they are added.
   */
  addAt(text: string, start: number, end: number, position: number, hash: number): void {
    const len = end - start;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (position >= this.nameStart.length) {
      this.nameStart = grownInt32(this.nameStart, position * 2 + 2);
      this.nameLength = grownInt32(this.nameLength, position * 2 + 2);
    }
    if (this.poolSize + len > this.pool.length) {
      const pool = new Uint16Array((this.poolSize + len) * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    this.nameStart[position] = this.poolSize;
    this.nameLength[position] = len;
    const pool = this.pool;
    let at = this.poolSize;
    for (let i = start; i < end; i++) pool[at++] = text.charCodeAt(i);
    this.poolSize = at;
    this.put(hash, position);
    this.count++;
  }

  /** Whether the chain at `position` is named `text[start, end)` (the last character first). */
  isNamedAt(position: number, text: string, start: number, end: number): boolean {
    const len = end - start;
    if (this.nameLength[position] !== len || len === 0) return false;
    const from = this.nameStart[position] as number;
    if (this.pool[from + len - 1] !== text.charCodeAt(end - 1)) return false;
    return this.isAt(position, text, start);
  }

  /** Forgets everything and records `names` at their positions (after a chain is removed). */
  rebuild(names: readonly string[]): void {
    this.hashes = new Int32Array(64);
    this.slots = new Int32Array(64).fill(-1);
    this.count = 0;
    this.poolSize = 0;
    names.forEach((name, position) => this.add(name, position));
  }

  private isAt(pos: number, text: string, start: number): boolean {
    const pool = this.pool;
    const from = this.nameStart[pos] as number;
    const len = this.nameLength[pos] as number;
    for (let i = 0; i < len; i++) if (pool[from + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private put(h: number, position: number): void {
    const mask = this.slots.length - 1;
    let k = h & mask;
    while ((this.slots[k] as number) >= 0) k = (k + 1) & mask;
    this.hashes[k] = h;
    this.slots[k] = position;
  }

  private grow(): void {
    const oldHashes = this.hashes;
    const oldSlots = this.slots;
    this.hashes = new Int32Array(oldSlots.length * 2);
    this.slots = new Int32Array(oldSlots.length * 2).fill(-1);
    for (let k = 0; k < oldSlots.length; k++) {
      const pos = oldSlots[k] as number;
      if (pos >= 0) this.put(oldHashes[k] as number, pos);
    }
  }
}
