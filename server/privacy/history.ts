import type { Models } from '../db/models';
import { DELETION_COUNT_KINDS, type DeletionCounts } from './deletion-request-model';

export interface HistoryEntry {
  id: string;
  shop: string;
  source: string;
  topic?: string;
  scope: { kind: string; before?: string; identifierCount?: number };
  status: string;
  counts: DeletionCounts;
  requestedAt: string;
  finishedAt?: string;
}

/**
 * Lists deletion requests newest first, without personal data: the scope is reduced to its kind,
 * its date and how many identifiers it named, even for a request that is still running.
 */
export async function listDeletionHistory(
  models: Models,
  options: { shop?: string; limit?: number; before?: Date } = {},
): Promise<HistoryEntry[]> {
  const filter: Record<string, unknown> = {};
  if (options.shop) filter.shop = options.shop;
  if (options.before) filter.requestedAt = { $lt: options.before };

  const requests = await models.DeletionRequest.find(filter)
    .select('shop source topic scope.kind scope.before scope.identifierCount status counts requestedAt finishedAt')
    .sort({ requestedAt: -1, _id: -1 })
    .limit(options.limit ?? 50)
    .lean();

  return requests.map((request) => ({
    id: request._id.toString(),
    shop: request.shop,
    source: request.source,
    ...(request.topic ? { topic: request.topic } : {}),
    scope: {
      kind: request.scope.kind,
      ...(request.scope.before ? { before: request.scope.before.toISOString() } : {}),
      ...(request.scope.identifierCount !== undefined && request.scope.identifierCount !== null
        ? { identifierCount: request.scope.identifierCount }
        : {}),
    },
    status: request.status,
    counts: completeCounts(request.counts as Partial<DeletionCounts> | undefined),
    requestedAt: request.requestedAt.toISOString(),
    ...(request.finishedAt ? { finishedAt: request.finishedAt.toISOString() } : {}),
  }));
}

/** Fills in 0 for every kind a request has no count for, so every entry has the same shape. */
function completeCounts(counts: Partial<DeletionCounts> | undefined): DeletionCounts {
  return Object.fromEntries(DELETION_COUNT_KINDS.map((kind) => [kind, counts?.[kind] ?? 0])) as DeletionCounts;
}
