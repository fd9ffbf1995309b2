import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { z } from 'zod';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { emailAddressSchema, normalizeEmail } from '../lib/email';
import { newUrlToken, sha256Hex } from '../lib/hash';
import { upsertWithRetry } from '../lib/upsert';
import type { Logger } from '../logger';
import { normalizeShopDomain } from '../shops/domain';
import { scheduleInvitation } from './schedule';
import type { SkipReason } from './skip-counter-model';

const silentLogger = pino({ level: 'silent' });

const importRowSchema = z
  .object({
    shop: z.string().refine((value) => normalizeShopDomain(value) !== undefined, {
      message: 'must be a shop domain such as my-shop.myshopify.com',
    }),
    email: emailAddressSchema('must be an email address'),
    name: z.string().trim().min(1, 'must not be empty'),
    customerId: z
      .union([z.string().regex(/^\d+$/, 'must be a numeric Shopify id'), z.number().int().positive()])
      .optional(),
    phone: z.string().trim().min(1).optional(),
    orderId: z
      .union([z.string().regex(/^\d+$/, 'must be a numeric Shopify id'), z.number().int().positive()])
      .optional(),
    createdAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z' })
      .optional(),
    linkToken: z
      .string()
      .min(16, 'must be at least 16 characters')
      .regex(/^[A-Za-z0-9_-]+$/, 'may contain only A-Z, a-z, 0-9, _ and -')
      .optional(),
  })
  .strict();

export type ImportRow = z.infer<typeof importRowSchema>;

export interface ImportProblem {
  index: number;
  field?: string;
  message: string;
}

export type ImportResult =
  | {
      ok: true;
      batchId: string;
      /** Invitations written: existing ones plus newly scheduled ones. */
      imported: number;
      /** Rows that went through scheduleInvitation and were scheduled. */
      scheduled: number;
      /** Rows that scheduleInvitation skipped, by reason. */
      skipped: Partial<Record<SkipReason, number>>;
      shops: string[];
      links: Array<{ index: number; token: string }>;
    }
  | { ok: false; problems: ImportProblem[] };

/**
 * Loads invitations from parsed JSON. Every row is checked first; if any row is invalid nothing is
 * written. If writing fails halfway, the rows already written are removed by their batch id.
 *
 * A row with a linkToken, or with a createdAt in the past, is an invitation that was already sent
 * and is stored as such. Any other row (createdAt in the future or missing) is a new invitation:
 * it goes through scheduleInvitation with createdAt (or now) as the fulfilment time, so the shop's
 * delay, frequency and unsubscribe list apply, and the worker sends it.
 */
export async function importInvitations(
  models: Models,
  clock: Clock,
  input: unknown,
  logger: Logger = silentLogger,
): Promise<ImportResult> {
  if (!Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ index: -1, message: 'The file must contain a JSON array of invitation objects.' }],
    };
  }

  const problems: ImportProblem[] = [];
  const rows: Array<{ index: number; row: ImportRow }> = [];
  input.forEach((raw, index) => {
    const parsed = importRowSchema.safeParse(raw);
    if (parsed.success) rows.push({ index, row: parsed.data });
    else {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || undefined;
        const message =
          issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
        problems.push({ index, ...(field ? { field } : {}), message });
      }
    }
  });

  const tokenHashes = new Map<string, number>();
  for (const { index, row } of rows) {
    if (!row.linkToken) continue;
    const hash = sha256Hex(row.linkToken);
    const first = tokenHashes.get(hash);
    if (first !== undefined)
      problems.push({ index, field: 'linkToken', message: `repeats the linkToken of row ${first}` });
    else tokenHashes.set(hash, index);
  }
  if (tokenHashes.size > 0) {
    const taken = await models.Invitation.find({ tokenHash: { $in: [...tokenHashes.keys()] } })
      .select('tokenHash')
      .lean();
    for (const { tokenHash } of taken) {
      problems.push({
        index: tokenHashes.get(tokenHash)!,
        field: 'linkToken',
        message: 'is already used by a stored invitation',
      });
    }
  }

  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.index - b.index) };
  return writeRows(models, clock, logger, rows);
}

function isNewInvitation(row: ImportRow, now: Date): boolean {
  return !row.linkToken && (!row.createdAt || new Date(row.createdAt) > now);
}

async function writeRows(
  models: Models,
  clock: Clock,
  logger: Logger,
  allRows: Array<{ index: number; row: ImportRow }>,
): Promise<ImportResult> {
  const batchId = randomUUID();
  const now = clock.now();
  const links: Array<{ index: number; token: string }> = [];
  const rows = allRows.filter(({ row }) => !isNewInvitation(row, now));
  const newRows = allRows.filter(({ row }) => isNewInvitation(row, now));

  const documents = rows.map(({ index, row }) => {
    const token = row.linkToken ?? newUrlToken();
    if (!row.linkToken) links.push({ index, token });
    return {
      shop: normalizeShopDomain(row.shop)!,
      email: row.email,
      emailLower: normalizeEmail(row.email),
      name: row.name,
      ...(row.customerId !== undefined ? { customerId: String(row.customerId) } : {}),
      ...(row.phone ? { phone: row.phone } : {}),
      ...(row.orderId !== undefined ? { orderId: String(row.orderId) } : {}),
      tokenHash: sha256Hex(token),
      status: 'sent' as const,
      sentAt: row.createdAt ? new Date(row.createdAt) : now,
      createdAt: row.createdAt ? new Date(row.createdAt) : now,
      importBatchId: batchId,
    };
  });
  const shops = [
    ...new Set([
      ...documents.map((document) => document.shop),
      ...newRows.map(({ row }) => normalizeShopDomain(row.shop)!),
    ]),
  ];
  let scheduled = 0;
  const skipped: Partial<Record<SkipReason, number>> = {};

  try {
    for (const shop of shops) {
      await upsertWithRetry(() =>
        models.Shop.updateOne({ shop }, { $setOnInsert: { shop, installedAt: now } }, { upsert: true }),
      );
    }
    for (let start = 0; start < documents.length; start += 500) {
      await models.Invitation.insertMany(documents.slice(start, start + 500), { ordered: true });
    }
    for (const document of documents) {
      const update = {
        $max: { lastInvitedAt: document.createdAt },
        ...(document.customerId ? { $set: { customerId: document.customerId } } : {}),
      };
      await upsertWithRetry(() =>
        models.LastInvited.updateOne({ shop: document.shop, emailLower: document.emailLower }, update, {
          upsert: true,
        }),
      );
    }
    for (const { row } of newRows) {
      const result = await scheduleInvitation(
        { models, clock, logger },
        {
          shop: normalizeShopDomain(row.shop)!,
          email: row.email,
          name: row.name,
          ...(row.customerId !== undefined ? { customerId: String(row.customerId) } : {}),
          ...(row.phone ? { phone: row.phone } : {}),
          ...(row.orderId !== undefined ? { orderId: String(row.orderId) } : {}),
          fulfilledAt: row.createdAt ? new Date(row.createdAt) : now,
          source: 'import',
        },
      );
      if (result.outcome === 'skipped') {
        skipped[result.reason] = (skipped[result.reason] ?? 0) + 1;
        continue;
      }
      scheduled += 1;
      await models.Invitation.updateOne({ _id: result.invitationId }, { $set: { importBatchId: batchId } });
    }
  } catch (error) {
    // NOTE: last-invited records already raised by this batch are not lowered again; they only
    // make the frequency rule stricter until the next deletion of that customer's data.
    await models.Invitation.deleteMany({ importBatchId: batchId });
    throw error;
  }

  return { ok: true, batchId, imported: documents.length + scheduled, scheduled, skipped, shops, links };
}
