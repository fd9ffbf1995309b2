import { randomUUID } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { isDuplicateKeyError } from '../privacy/deletion-service';

const TRIES = 40;
const WAIT_MS = 25;
/** A lock this old belongs to a process that died while holding it. */
const STALE_MS = 60_000;

export class LockBusyError extends Error {
  constructor() {
    super('Another invitation for this customer is being scheduled; retry shortly');
    this.name = 'LockBusyError';
  }
}

/**
 * Runs `work` while holding the lock `key`, so two deliveries for one customer are handled one
 * after the other. Waits up to about a second for another holder, then throws LockBusyError (a
 * webhook then returns 500 and Shopify retries).
 */
export async function withLock<T>(
  deps: { models: Models; clock: Clock },
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const { models, clock } = deps;
  const owner = randomUUID();

  let acquired = false;
  for (let attempt = 0; attempt < TRIES && !acquired; attempt += 1) {
    try {
      await models.InvitationLock.create({ key, owner, createdAt: clock.now() });
      acquired = true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await models.InvitationLock.findOne({ key }).select('owner createdAt').lean();
      if (holder && clock.now().getTime() - holder.createdAt.getTime() > STALE_MS) {
        await models.InvitationLock.deleteOne({ key, owner: holder.owner });
      } else {
        await wait(WAIT_MS);
      }
    }
  }
  if (!acquired) throw new LockBusyError();

  try {
    return await work();
  } finally {
    await models.InvitationLock.deleteOne({ key, owner });
  }
}
