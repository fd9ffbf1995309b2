import { randomUUID } from 'node:crypto';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import type { Logger } from '../logger';
import { processDeletionRequest } from '../privacy/deletion-processor';
import type { DeletionCounts, DeletionRequestDocument } from '../privacy/deletion-request-model';
import { requestDeletion } from '../privacy/deletion-service';

/**
 * The `shop` of a retention sweep's deletion request. A sweep covers every shop at once, so its
 * history row belongs to no single shop; no myshopify domain can be `*`.
 */
export const ALL_SHOPS = '*';

/** The kinds a sweep deletes, in the order `npm run sweep` prints them. */
export const RETENTION_COUNT_KINDS = [
  'bccMessages',
  'invitations',
  'lastInvited',
  'dataExports',
  'webhookDeliveries',
] as const satisfies ReadonlyArray<keyof DeletionCounts>;

export interface ScheduledSweep {
  id: string;
  created: boolean;
}

/**
 * Stores the sweep request for the interval that contains `now`. The dedupe key names the
 * interval, so however many instances call this, each interval gets one request and one worker
 * processes it.
 */
export async function scheduleRetentionSweep(models: Models, now: Date, intervalMs: number): Promise<ScheduledSweep> {
  const intervalStart = new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
  return requestDeletion(models, {
    shop: ALL_SHOPS,
    source: 'retention',
    scope: { kind: 'retention', asOf: now },
    requestedAt: now,
    dedupeKey: `retention:every-${intervalMs}ms:${intervalStart.toISOString()}`,
  });
}

export interface SweepNowOptions {
  models: Models;
  clock: Clock;
  logger: Logger;
  batchSize: number;
  leaseMs?: number;
  /** How long to wait when a worker claimed the request first. */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SweepResult {
  id: string;
  status: DeletionRequestDocument['status'];
  counts: DeletionCounts;
}

/**
 * Runs one sweep now, for `npm run sweep`: stores a request of its own (so it shows in the
 * deletion history like a scheduled one) and processes it in this process. When a running worker
 * claims it first, waits for that worker to finish it instead.
 */
export async function sweepNow(options: SweepNowOptions): Promise<SweepResult> {
  const { models, clock } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const now = clock.now();

  const { id } = await requestDeletion(models, {
    shop: ALL_SHOPS,
    source: 'retention',
    scope: { kind: 'retention', asOf: now },
    requestedAt: now,
    dedupeKey: `retention:manual:${randomUUID()}`,
  });

  const token = randomUUID();
  const claimed = await models.DeletionRequest.findOneAndUpdate(
    { _id: id, status: 'pending', leaseUntil: { $lte: now } },
    {
      $set: { status: 'running', leaseUntil: new Date(now.getTime() + leaseMs), claimToken: token, startedAt: now },
      $inc: { attempts: 1 },
    },
    { returnDocument: 'after' },
  ).lean();

  if (claimed && claimed.claimToken === token) {
    await processDeletionRequest(
      { models, clock, logger: options.logger, batchSize: options.batchSize, leaseMs },
      claimed as typeof claimed & { _id: unknown },
      token,
    );
  } else {
    await waitUntilFinished(options, id);
  }

  const finished = await models.DeletionRequest.findById(id).select('status counts').lean();
  return { id, status: finished!.status, counts: finished!.counts as DeletionCounts };
}

async function waitUntilFinished(options: SweepNowOptions, id: string): Promise<void> {
  const pollMs = options.pollMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const rounds = Math.ceil((options.waitMs ?? 10 * 60_000) / pollMs);

  for (let round = 0; round < rounds; round += 1) {
    const request = await options.models.DeletionRequest.findById(id).select('status').lean();
    if (request?.status === 'done' || request?.status === 'failed') return;
    await sleep(pollMs);
  }
  options.logger.warn({ deletionRequestId: id }, 'A worker is still running this sweep; its counts are not final yet');
}

/** Formats the report `npm run sweep` prints: the request id, its status and one line per kind. */
export function formatSweepResult(result: SweepResult): string {
  const lines = RETENTION_COUNT_KINDS.map((kind) => `  ${kind.padEnd(18)} ${result.counts[kind] ?? 0}`);
  return `Retention sweep ${result.id}: ${result.status}\nDeleted:\n${lines.join('\n')}\n`;
}
