import { randomUUID } from 'node:crypto';

import type { Models } from '../db/models';
import { isDuplicateKeyError } from '../lib/upsert';
import type { CustomerIdentifiers } from './customer-identifiers';
import type { DeletionRequestDocument, DeletionSource } from './deletion-request-model';

export type DeletionScope =
  | { kind: 'customer'; identifiers: CustomerIdentifiers }
  | { kind: 'before_date'; before: Date }
  | { kind: 'shop' }
  | { kind: 'access_tokens' }
  | { kind: 'retention'; asOf: Date };

export interface NewDeletionRequest {
  shop: string;
  source: DeletionSource;
  scope: DeletionScope;
  requestedAt: Date;
  topic?: string;
  /** Same key, same request: a repeated webhook or API call finds the first one. Random if absent. */
  dedupeKey?: string;
}

export interface StoredDeletionRequest {
  id: string;
  created: boolean;
}

/**
 * Stores a deletion request for the worker. The insert is the durable step: once this resolves,
 * the request survives a crash. A second call with the same dedupeKey returns the first request.
 */
export async function requestDeletion(models: Models, input: NewDeletionRequest): Promise<StoredDeletionRequest> {
  const dedupeKey = input.dedupeKey ?? `random:${randomUUID()}`;
  const document: Partial<DeletionRequestDocument> = {
    shop: input.shop,
    source: input.source,
    dedupeKey,
    scope: toStoredScope(input.scope),
    requestedAt: input.requestedAt,
    ...(input.topic ? { topic: input.topic } : {}),
  };

  try {
    const created = await models.DeletionRequest.create(document);
    return { id: created._id.toString(), created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const existing = await models.DeletionRequest.findOne({ dedupeKey }).select('_id').lean();
    if (!existing) throw error;
    return { id: existing._id.toString(), created: false };
  }
}

function toStoredScope(scope: DeletionScope): DeletionRequestDocument['scope'] {
  switch (scope.kind) {
    case 'customer': {
      const { customerId, emails, orderIds } = scope.identifiers;
      return {
        kind: 'customer',
        ...(customerId ? { customerId } : {}),
        emails,
        orderIds,
        identifierCount: (customerId ? 1 : 0) + emails.length + orderIds.length,
      };
    }
    case 'before_date':
      return { kind: 'before_date', before: scope.before };
    case 'retention':
      return { kind: 'retention', before: scope.asOf };
    default:
      return { kind: scope.kind };
  }
}

/** Kept here for the modules that import it from this file. */
export { isDuplicateKeyError };
