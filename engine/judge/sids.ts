/**
 * The sids a run has seen in its 201s, for create.unique-sid, in 12 to 25 bytes each: a 64-bit
 * fingerprint of the sid and the plan index that named it first, in one typed array (open
 * addressing, linear probing, doubled at three quarters full). A Map of the sid strings took about
 * 85 bytes a create and was the one thing a long run kept growing. The table stops growing at
 * MAX_SLOTS (24 MB, the first 1,572,864 sids of a run): later sids are still compared with those,
 * not recorded, so memory stays flat however long the run. Two different sids share a fingerprint
 * with a chance of about n²/2^65 (one in 15 billion at the cap).
 */
import type { SeenSids } from '../../contracts/exchange.ts';

const WORDS = 3; // two hash lanes, the plan index + 2 (0: an empty slot)
const FULL = 0.75;
/** The most slots a table grows to: 2^21 (24 MB), the first 1,572,864 sids. */
export const MAX_SLOTS = 2 ** 21;

export class SidTable implements SeenSids {
  #slots: Uint32Array;
  #mask: number;
  #size = 0;

  readonly #maxSlots: number;

  constructor(capacity = 1024, maxSlots = MAX_SLOTS) {
    this.#maxSlots = maxSlots;
    const n = 2 ** Math.ceil(Math.log2(Math.min(maxSlots, Math.max(16, capacity))));
    this.#slots = new Uint32Array(n * WORDS);
    this.#mask = n - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** True once the table holds all it ever will: later sids are compared, not recorded. */
  get full(): boolean {
    return this.#mask + 1 >= this.#maxSlots && this.#size >= (this.#mask + 1) * FULL;
  }

  get(sid: string): number | undefined {
    const [a, b] = fingerprint(sid);
    const slot = this.#find(a, b);
    const stored = this.#slots[slot * WORDS + 2]!;
    return stored === 0 ? undefined : stored - 2;
  }

  has(sid: string): boolean {
    return this.get(sid) !== undefined;
  }

  set(sid: string, index: number): this {
    if (this.full) return this;
    const [a, b] = fingerprint(sid);
    this.#put(a, b, index < 0 ? 1 : index + 2);
    return this;
  }

  #find(a: number, b: number): number {
    const s = this.#slots;
    for (let slot = (a ^ b) & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const at = slot * WORDS;
      if (s[at + 2] === 0 || (s[at] === a && s[at + 1] === b)) return slot;
    }
  }

  #put(a: number, b: number, stored: number): void {
    const at = this.#find(a, b) * WORDS;
    const s = this.#slots;
    if (s[at + 2] === 0) this.#size++;
    s[at] = a;
    s[at + 1] = b;
    s[at + 2] = stored;
    if (this.#size > (this.#mask + 1) * FULL && this.#mask + 1 < this.#maxSlots) this.#grow();
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(old.length * 2);
    this.#mask = this.#mask * 2 + 1;
    this.#size = 0;
    for (let at = 0; at < old.length; at += WORDS) if (old[at + 2] !== 0) this.#put(old[at]!, old[at + 1]!, old[at + 2]!);
  }
}

/** Two independent 32-bit hashes of a string (FNV-1a and a murmur-style mix), each finalised. */
function fingerprint(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return [mix(a) >>> 0, mix(b ^ 0x68e31da4) >>> 0];
}

/** murmur3's finaliser: every input bit reaches every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
