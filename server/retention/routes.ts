import { Router } from 'express';

import { ensureInboundAddress, type InboundConfig } from '../bcc/inbound-address';
import type { Models } from '../db/models';
import { AppError, ValidationError } from '../errors';
import { upsertWithRetry } from '../lib/upsert';
import { DEFAULT_RETENTION_DAYS, RETENTION_FIELDS, effectivePeriods, type RetentionField } from './periods';

/**
 * GET and PUT /retention under /admin/api: the shop's retention periods, the defaults, and the
 * shop's BCC inbound address. res.locals.shop is the verified shop.
 */
export function retentionAdminRoutes(deps: { models: Models; inbound: InboundConfig }): Router {
  const router = Router();

  const describe = async (shop: string) => {
    const inboundAddress = await ensureInboundAddress(deps.models, deps.inbound, shop);
    const record = await deps.models.Shop.findOne({ shop }).select('retention').lean();
    return { periods: effectivePeriods(record?.retention), defaults: { ...DEFAULT_RETENTION_DAYS }, inboundAddress };
  };

  router.get('/retention', async (_req, res) => {
    res.json(await describe(res.locals.shop as string));
  });

  router.put('/retention', async (req, res) => {
    const shop = res.locals.shop as string;
    const changes = parseRetentionChanges(req.body);

    const set: Record<string, number> = {};
    const unset: Record<string, 1> = {};
    for (const [field, days] of Object.entries(changes) as Array<[RetentionField, number | null]>) {
      // The default is stored as no choice, so a later change of the default reaches this shop too.
      if (days === null || days === DEFAULT_RETENTION_DAYS[field]) unset[`retention.${field}`] = 1;
      else set[`retention.${field}`] = days;
    }
    if (Object.keys(set).length > 0 || Object.keys(unset).length > 0) {
      const update = {
        ...(Object.keys(set).length > 0 ? { $set: set } : {}),
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
      };
      await upsertWithRetry(() => deps.models.Shop.updateOne({ shop }, update, { upsert: true }));
    }

    res.json(await describe(shop));
  });

  return router;
}

/** Raised when a merchant requests a period longer than the default. */
export class RetentionTooLongError extends AppError {
  constructor(field: RetentionField, days: number) {
    const max = DEFAULT_RETENTION_DAYS[field];
    super(
      400,
      'RETENTION_TOO_LONG',
      `${field} is ${days} days, longer than the default of ${max} days. Retention can only be shortened: choose 1 to ${max}, or null for the default.`,
      field,
    );
  }
}

/**
 * Validates a PUT body: each field optional, an integer from 1 to its default, or null to go back
 * to the default. Unknown fields are rejected so a misspelt name does not pass silently.
 */
export function parseRetentionChanges(body: unknown): Partial<Record<RetentionField, number | null>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError(`The body must be a JSON object with any of ${RETENTION_FIELDS.join(', ')}.`, 'body');
  }

  const changes: Partial<Record<RetentionField, number | null>> = {};
  for (const [field, value] of Object.entries(body)) {
    if (!(RETENTION_FIELDS as readonly string[]).includes(field)) {
      throw new ValidationError(`Unknown field "${field}"; allowed fields are ${RETENTION_FIELDS.join(', ')}.`, field);
    }
    const name = field as RetentionField;
    if (value === null) {
      changes[name] = null;
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ValidationError(
        `${name} must be a whole number of days from 1 to ${DEFAULT_RETENTION_DAYS[name]}, or null for the default.`,
        name,
      );
    }
    if (value > DEFAULT_RETENTION_DAYS[name]) throw new RetentionTooLongError(name, value);
    changes[name] = value;
  }
  return changes;
}
