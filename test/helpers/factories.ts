import type { Types } from 'mongoose';

import type { Models } from '../../server/db/models';
import { sha256Hex, newUrlToken } from '../../server/lib/hash';
import { normalizeEmail } from '../../server/lib/email';
import { TEST_SHOP } from './shopify';

export async function createShop(models: Models, shop = TEST_SHOP) {
  return models.Shop.findOneAndUpdate(
    { shop },
    { $setOnInsert: { shop, installedAt: new Date('2026-01-01T00:00:00Z') } },
    { upsert: true, returnDocument: 'after' },
  );
}

export interface InvitationOverrides {
  shop?: string;
  email?: string;
  name?: string;
  customerId?: string;
  phone?: string;
  orderId?: string;
  locale?: string;
  createdAt?: Date;
  status?: 'scheduled' | 'sent' | 'failed' | 'cancelled' | 'reviewed';
}

/** Creates an invitation and its last-invited record; returns the plain link token with it. */
export async function createInvitation(models: Models, overrides: InvitationOverrides = {}) {
  const token = newUrlToken();
  const shop = overrides.shop ?? TEST_SHOP;
  const email = overrides.email ?? 'john@example.com';
  const createdAt = overrides.createdAt ?? new Date('2026-01-10T10:00:00Z');

  const invitation = await models.Invitation.create({
    shop,
    email,
    emailLower: normalizeEmail(email),
    name: overrides.name ?? 'John Smith',
    customerId: overrides.customerId ?? '191167',
    phone: overrides.phone ?? '555-625-1199',
    orderId: overrides.orderId ?? '1001',
    locale: overrides.locale ?? 'en',
    tokenHash: sha256Hex(token),
    status: overrides.status ?? 'sent',
    createdAt,
  });
  await models.LastInvited.updateOne(
    { shop, emailLower: normalizeEmail(email) },
    { $set: { lastInvitedAt: createdAt, ...(invitation.customerId ? { customerId: invitation.customerId } : {}) } },
    { upsert: true },
  );
  return { invitation, token };
}

export async function createBccMessage(
  models: Models,
  overrides: { shop?: string; email?: string; customerId?: string; orderId?: string; receivedAt?: Date } = {},
) {
  return models.BccMessage.create({
    shop: overrides.shop ?? TEST_SHOP,
    emailLower: normalizeEmail(overrides.email ?? 'john@example.com'),
    customerName: 'John Smith',
    ...(overrides.customerId ? { customerId: overrides.customerId } : {}),
    orderId: overrides.orderId ?? '1001',
    subject: 'Order #1001 confirmed',
    receivedAt: overrides.receivedAt ?? new Date('2026-01-10T09:00:00Z'),
  });
}

export async function createReview(
  models: Models,
  invitationId: Types.ObjectId,
  overrides: { shop?: string; displayName?: string } = {},
) {
  return models.Review.create({
    shop: overrides.shop ?? TEST_SHOP,
    invitationId,
    rating: 5,
    title: 'Great',
    body: 'Arrived quickly and works well.',
    displayName: overrides.displayName ?? 'John S.',
    createdAt: new Date('2026-01-12T10:00:00Z'),
  });
}
