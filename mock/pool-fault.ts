import { setTimeout as delay } from 'node:timers/promises';

/** create-pool-deadlock: the database connection pool's size (HikariCP's maximumPoolSize), and how long a create waits for a connection. */
export const POOL_SIZE = 16;
export const POOL_TIMEOUT_MS = 500;
/**
 * how long the create's first statement holds its connection before the audit row asks for a
 * second: long enough that 32 creates sent together overlap on a loaded machine (at 40 ms one seed
 * of five was missed under load; at 150 ms two of five, beside a fresh clone's test suite at load 9)
 */
const INSERT_MS = 600;

/**
 * create-pool-deadlock: a create holds one connection of the pool and, for its audit row, takes a
 * second (Spring's @Transactional(propagation = REQUIRES_NEW)). With POOL_SIZE creates in flight
 * every connection is held by a create waiting for its second: each gives up after POOL_TIMEOUT_MS.
 * The function runs one create's use of the pool: true when it got through, false when it timed out.
 */
export function twoDeepPool(): () => Promise<boolean> {
  let free = POOL_SIZE;
  const waiting: Array<() => void> = [];
  const take = async (): Promise<boolean> => {
    if (free > 0) {
      free--;
      return true;
    }
    let wake!: () => void;
    const woken = new Promise<true>((resolve) => {
      wake = () => resolve(true);
    });
    waiting.push(wake);
    const got = await Promise.race([woken, delay(POOL_TIMEOUT_MS, false)]);
    if (!got) waiting.splice(waiting.indexOf(wake), 1);
    return got;
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return async () => {
    if (!(await take())) return false;
    try {
      await delay(INSERT_MS);
      if (!(await take())) return false;
      release();
      return true;
    } finally {
      release();
    }
  };
}
