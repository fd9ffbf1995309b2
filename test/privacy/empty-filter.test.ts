import mongoose from 'mongoose';
import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { createModels, type Models } from '../../server/db/models';
import {
  EmptyCustomerFilterError,
  customerClauses,
  toCustomerIdentifiers,
} from '../../server/privacy/customer-identifiers';
import { Worker } from '../../server/worker/worker';
import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createShop } from '../helpers/factories';
import { signedWebhook } from '../helpers/shopify';

describe('toCustomerIdentifiers', () => {
  it('keeps only present, usable values', () => {
    expect(
      toCustomerIdentifiers({ customerId: null, emails: [null, undefined, '', '  '], orderIds: [null, 0, '', 'abc'] }),
    ).toEqual({ emails: [], orderIds: [] });
  });

  it('normalizes emails and ids', () => {
    expect(
      toCustomerIdentifiers({
        customerId: 'gid://shopify/Customer/42',
        emails: [' John@Example.COM '],
        orderIds: [7, '7', 8],
      }),
    ).toEqual({ customerId: '42', emails: ['john@example.com'], orderIds: ['7', '8'] });
  });
});

describe('customerClauses', () => {
  const fields = { customerId: 'customerId', email: 'emailLower', orderId: 'orderId' };

  it('throws instead of returning an empty filter', () => {
    expect(() => customerClauses({ emails: [], orderIds: [] }, fields)).toThrow(EmptyCustomerFilterError);
  });

  it('throws when the collection has none of the named identifier fields', () => {
    expect(() => customerClauses({ emails: [], orderIds: ['1'] }, { email: 'emailLower' })).toThrow(
      EmptyCustomerFilterError,
    );
  });

  it('builds one clause per present identifier', () => {
    expect(customerClauses({ customerId: '5', emails: ['a@b.co'], orderIds: [] }, fields)).toEqual([
      { customerId: '5' },
      { emailLower: { $in: ['a@b.co'] } },
    ]);
  });
});

describe('customers/redact without a usable identifier', () => {
  const db = useTestDatabase();
  let app: TestApp;
  const clock = new ManualClock('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models);
    await createInvitation(db.models, { email: 'a@example.com', customerId: '1', orderId: '11' });
    await createInvitation(db.models, { email: 'b@example.com', customerId: '2', orderId: '22' });
    await createBccMessage(db.models, { email: 'a@example.com' });
  });

  it.each([
    ['null id and email', { customer: { id: null, email: null, phone: null }, orders_to_redact: [] }],
    ['an empty email and id 0', { customer: { id: 0, email: '', phone: '' }, orders_to_redact: [] }],
    ['no customer object', { orders_to_redact: null }],
    ['only a phone number', { customer: { phone: '555-0100' } }],
    ['unknown fields only', { customer: { uuid: 'x', mail: 'a@example.com' }, orders: [11] }],
  ])('deletes nothing for a payload with %s', async (_case, body) => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('customers/redact', { shop_id: 1, shop_domain: 'test-shop.myshopify.com', ...body }),
    );
    expect(response.status).toBe(200);

    await new Worker({
      models: db.models,
      clock,
      logger: pino({ level: 'silent' }),
      pollMs: 50,
      batchSize: 10,
    }).drain();

    expect(await db.models.Invitation.countDocuments()).toBe(2);
    expect(await db.models.BccMessage.countDocuments()).toBe(1);
    expect(await db.models.LastInvited.countDocuments()).toBe(2);
    const request = await db.models.DeletionRequest.findOne().lean();
    expect(request?.status).toBe('done');
    expect(request?.counts?.invitations).toBe(0);
  });
});

describe('query on an unknown field', () => {
  const db = useTestDatabase();

  // With strictQuery off, mongoose drops an unknown field from a filter, and a deletion meant for
  // one customer would match the whole shop. Every model must throw instead.
  // Listed from createModels, so a model added later is covered without editing this test.
  const modelNames = Object.keys(createModels(mongoose.createConnection())).filter(
    (name): name is Exclude<keyof Models, 'connection'> => name !== 'connection',
  );

  it.each(modelNames)('throws for %s instead of matching everything', async (name) => {
    const model = db.models[name] as unknown as { deleteMany(filter: object): Promise<unknown> };

    await expect(model.deleteMany({ shop: 'test-shop.myshopify.com', customerEmail: 'a@example.com' })).rejects.toThrow(
      /customerEmail/,
    );
  });
});
