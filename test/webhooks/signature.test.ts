import { signShopifyBody } from '../../server/webhooks/hmac';
import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';
import { TEST_API_SECRET, customersRedactPayload, signedWebhook } from '../helpers/shopify';

describe('webhook signature check', () => {
  const db = useTestDatabase();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models);
    await createInvitation(db.models);
  });

  const valid = () => signedWebhook('customers/redact', customersRedactPayload());

  it.each([
    ['missing', { 'x-shopify-hmac-sha256': undefined }],
    ['empty', { 'x-shopify-hmac-sha256': '' }],
    ['malformed', { 'x-shopify-hmac-sha256': 'not base64 at all' }],
    ['signed with another secret', { 'x-shopify-hmac-sha256': signShopifyBody('{}', 'wrong-secret-0123456789') }],
  ])('answers 401 and stores nothing when the signature is %s', async (_case, headers) => {
    const request = signedWebhook('customers/redact', customersRedactPayload(), { headers });

    const response = await postWebhook(app.baseUrl, request);

    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).error.code).toBe('INVALID_HMAC');
    expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    expect(await db.models.WebhookDelivery.countDocuments()).toBe(0);
  });

  it('answers 401 when the body was changed after signing', async () => {
    const request = valid();
    const tampered = request.body.replace('john@example.com', 'jane@example.com');

    const response = await postWebhook(app.baseUrl, { ...request, body: tampered });

    expect(response.status).toBe(401);
    expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
  });

  it('answers 401, not 400, for an unsigned body that is not JSON', async () => {
    const request = signedWebhook('customers/redact', undefined, {
      rawBody: '{not json',
      headers: { 'x-shopify-hmac-sha256': 'AAAA' },
    });

    expect((await postWebhook(app.baseUrl, request)).status).toBe(401);
  });

  it('answers 401 for an unsigned body without a topic', async () => {
    const request = signedWebhook('customers/redact', customersRedactPayload(), {
      headers: { 'x-shopify-hmac-sha256': undefined, 'x-shopify-topic': undefined },
    });

    expect((await postWebhook(app.baseUrl, request)).status).toBe(401);
  });

  it.each([
    ['missing', undefined],
    ['wrong', signShopifyBody('other bytes', TEST_API_SECRET)],
  ])('answers 401 for a body over the size limit whose signature is %s', async (_case, signature) => {
    const request = signedWebhook('customers/redact', undefined, {
      rawBody: 'x'.repeat(11 * 1024 * 1024),
      headers: { 'x-shopify-hmac-sha256': signature },
    });

    expect((await postWebhook(app.baseUrl, request)).status).toBe(401);
  });

  it('answers 413 for a correctly signed body over the size limit', async () => {
    const request = signedWebhook('customers/redact', undefined, { rawBody: 'x'.repeat(11 * 1024 * 1024) });

    const response = await postWebhook(app.baseUrl, request);

    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['hex instead of base64', (valid: string) => Buffer.from(valid, 'base64').toString('hex')],
    ['cut short', (valid: string) => valid.slice(0, 20)],
    ['with one character changed', (valid: string) => (valid[0] === 'A' ? 'B' : 'A') + valid.slice(1)],
  ])('answers 401 for a signature %s', async (_case, change) => {
    const request = valid();
    request.headers['x-shopify-hmac-sha256'] = change(request.headers['x-shopify-hmac-sha256']!);

    expect((await postWebhook(app.baseUrl, request)).status).toBe(401);
  });
});
