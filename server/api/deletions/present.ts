import type { DeletionRequestDocument } from '../../privacy/deletion-request-model';

/** A deletion request as the API returns it; the OpenAPI schema DeletionRequest describes it. */
export interface ApiDeletion {
  id: string;
  status: string;
  source: string;
  scope: { kind: 'customer'; identifierCount: number } | { kind: 'before_date'; before: string } | { kind: string };
  counts: Record<(typeof COUNT_FIELDS)[number], number>;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The counts the API reports, listed here so that a new internal counter does not change the API. */
const COUNT_FIELDS = [
  'invitations',
  'bccMessages',
  'lastInvited',
  'dataExports',
  'reviewsAnonymized',
  'reviews',
  'sessions',
  'shops',
  'webhookDeliveries',
] as const;

export function toApiDeletion(request: DeletionRequestDocument & { _id: unknown }): ApiDeletion {
  const counts = request.counts as Partial<Record<string, number>> | undefined;
  return {
    id: String(request._id),
    status: request.status,
    source: request.source,
    scope: toApiScope(request.scope),
    counts: Object.fromEntries(COUNT_FIELDS.map((field) => [field, counts?.[field] ?? 0])) as ApiDeletion['counts'],
    requestedAt: request.requestedAt.toISOString(),
    startedAt: request.startedAt ? request.startedAt.toISOString() : null,
    finishedAt: request.finishedAt ? request.finishedAt.toISOString() : null,
  };
}

function toApiScope(scope: DeletionRequestDocument['scope']): ApiDeletion['scope'] {
  switch (scope.kind) {
    case 'customer':
      return { kind: 'customer', identifierCount: scope.identifierCount ?? 0 };
    case 'before_date':
      return { kind: 'before_date', before: scope.before!.toISOString() };
    default:
      return { kind: scope.kind };
  }
}
