import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';

/** Fields every queued document (deletion request, data export) carries. */
export interface QueueFields {
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  leaseUntil: Date;
  claimToken?: string | null;
  requestedAt: Date;
}

export interface Claim<T> {
  doc: T & { _id: unknown };
  token: string;
}

/**
 * Takes the oldest pending request, or a running one whose worker's lease ran out, and leases it
 * to this worker. Returns undefined when there is nothing to do.
 */
export async function claimNext<T extends QueueFields>(
  model: Model<T>,
  now: Date,
  leaseMs: number,
): Promise<Claim<T> | undefined> {
  const token = randomUUID();
  const doc = await model
    .findOneAndUpdate(
      { status: { $in: ['pending', 'running'] }, leaseUntil: { $lte: now } },
      {
        $set: { status: 'running', leaseUntil: new Date(now.getTime() + leaseMs), claimToken: token },
        $inc: { attempts: 1 },
      },
      { sort: { requestedAt: 1 }, returnDocument: 'after' },
    )
    .lean();
  if (!doc) return undefined;

  // NOTE: FerretDB 1.24 may run findAndModify as a read followed by a write, so two workers can
  // both believe they won. The later write's token is the one stored; the other worker sees that
  // here, or at its next renewLease, and backs off. Deletions are idempotent either way.
  if (doc.claimToken !== token) return undefined;
  return { doc: doc as Claim<T>['doc'], token };
}

/** Extends the lease; returns false when another worker has taken the request over. */
export async function renewLease<T extends QueueFields>(
  model: Model<T>,
  id: unknown,
  token: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const result = await model.updateOne(
    { _id: id, claimToken: token } as never,
    { $set: { leaseUntil: new Date(now.getTime() + leaseMs) } } as never,
  );
  return result.matchedCount === 1;
}

/** Seconds to wait before retry number `attempts`: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}
