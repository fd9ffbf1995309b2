import type { Clock } from '../clock';
import type { Models } from '../db/models';
import type { Logger } from '../logger';
import { buildDataExport } from '../privacy/data-export-processor';
import { LeaseLostError, processDeletionRequest } from '../privacy/deletion-processor';
import { describeError } from '../lib/describe-error';
import { scheduleRetentionSweep } from '../retention/sweep';
import { claimNext, retryDelayMs } from './queue';

export interface WorkerOptions {
  models: Models;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  batchSize: number;
  /** How long a claimed request stays with this worker without a sign of life. */
  leaseMs?: number;
  /** After this many failed attempts a request is marked failed and left for an operator. */
  maxAttempts?: number;
  afterBatch?: () => Promise<void>;
  /** When set, the worker loop stores one retention sweep request per interval of this length. */
  retentionSweepEveryMs?: number;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Processes deletion requests and data exports. Several workers may run at once, in one process
 * or many: each request is leased to one worker, and a lease that runs out is taken over.
 */
export class Worker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private sweptIntervalStart = -1;

  constructor(private readonly options: WorkerOptions) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
    this.options.logger.info({ pollMs: this.options.pollMs }, 'Worker started');
  }

  /** Finishes the request in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.options.logger.info('Worker stopped');
  }

  /** Processes queued work until none is left; returns how many items were handled. */
  async drain(): Promise<number> {
    let handled = 0;
    while ((await this.runDeletion()) || (await this.runExport())) handled += 1;
    return handled;
  }

  /**
   * Stores the retention sweep request for the current interval unless this worker already did.
   * Other instances storing the same interval's request find the existing one.
   */
  async scheduleDueSweep(): Promise<void> {
    const everyMs = this.options.retentionSweepEveryMs;
    if (!everyMs) return;

    const now = this.options.clock.now();
    const intervalStart = Math.floor(now.getTime() / everyMs) * everyMs;
    if (intervalStart === this.sweptIntervalStart) return;

    const sweep = await scheduleRetentionSweep(this.options.models, now, everyMs);
    this.sweptIntervalStart = intervalStart;
    if (sweep.created) this.options.logger.info({ jobId: sweep.id }, 'Retention sweep scheduled');
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      try {
        await this.scheduleDueSweep();
        await this.drain();
      } catch (error) {
        this.options.logger.error(
          { error: describeError(error as Error) },
          'Worker loop failed; retrying after the poll interval',
        );
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async runDeletion(): Promise<boolean> {
    const { models, clock, logger } = this.options;
    const claim = await claimNext(models.DeletionRequest, clock.now(), this.leaseMs);
    if (!claim) return false;

    const { doc, token } = claim;
    const log = logger.child({ jobId: String(doc._id), shop: doc.shop, kind: doc.scope.kind, source: doc.source });
    log.info({ attempt: doc.attempts }, 'Deletion request started');
    if (!doc.startedAt) await models.DeletionRequest.updateOne({ _id: doc._id }, { $set: { startedAt: clock.now() } });

    try {
      await processDeletionRequest(
        {
          models,
          clock,
          logger: log,
          batchSize: this.options.batchSize,
          leaseMs: this.leaseMs,
          afterBatch: this.options.afterBatch,
        },
        doc,
        token,
      );
      const finished = await models.DeletionRequest.findById(doc._id).select('counts').lean();
      log.info({ counts: finished?.counts }, 'Deletion request done');
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn('Deletion request was taken over by another worker; this worker stopped working on it');
      } else {
        await this.recordFailure(models.DeletionRequest, doc, token, error as Error, log);
      }
    }
    return true;
  }

  private async runExport(): Promise<boolean> {
    const { models, clock, logger } = this.options;
    const claim = await claimNext(models.DataExport, clock.now(), this.leaseMs);
    if (!claim) return false;

    const { doc, token } = claim;
    const log = logger.child({ jobId: String(doc._id), shop: doc.shop });
    try {
      const data = await buildDataExport(models, clock, doc);
      await models.DataExport.updateOne(
        { _id: doc._id, claimToken: token },
        { $set: { status: 'done', data, finishedAt: clock.now() }, $unset: { claimToken: 1, lastError: 1 } },
      );
      log.info({ invitations: data.invitations.length, bccMessages: data.bccMessages.length }, 'Data export done');
    } catch (error) {
      await this.recordFailure(models.DataExport, doc, token, error as Error, log);
    }
    return true;
  }

  private async recordFailure(
    model: Models['DeletionRequest'] | Models['DataExport'],
    doc: { _id: unknown; attempts: number },
    token: string,
    error: Error,
    log: Logger,
  ): Promise<void> {
    const now = this.options.clock.now();
    const giveUp = doc.attempts >= this.maxAttempts;
    const lastError = describeError(error);

    await (model as Models['DeletionRequest']).updateOne(
      { _id: doc._id, claimToken: token },
      {
        $set: {
          status: giveUp ? 'failed' : 'pending',
          leaseUntil: new Date(now.getTime() + retryDelayMs(doc.attempts)),
          lastError,
        },
      },
    );
    log.error(
      { error: lastError, attempt: doc.attempts, gaveUp: giveUp },
      giveUp ? 'Request failed for good' : 'Request failed; will retry',
    );
  }
}
