import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 16 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** 32 random hex digits, from a pooled buffer refilled 1,024 sids at a time. */
export function randomHex32(): string {
  if (offset + 16 > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + 16);
  offset += 16;
  return hex;
}
