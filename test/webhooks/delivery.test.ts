import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { capturingLogger } from '../helpers/logs';
import {
  OTHER_SHOP,
  TEST_SHOP,
  appUninstalledPayload,
  customersRedactPayload,
  dataRequestPayload,
  shopRedactPayload,
  signedWebhook,
} from '../helpers/shopify';

describe('webhook delivery handling', () => {
  const db = useTestDatabase();
  const logs = capturingLogger();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models, { logger: logs.logger });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    logs.lines.length = 0;
  });

  describe('topic names', () => {
    it.each(['customers/redact', 'CUSTOMERS_REDACT', 'Customers/Redact'])('accepts the spelling %s', async (topic) => {
      const response = await postWebhook(app.baseUrl, signedWebhook(topic, customersRedactPayload()));

      expect(response.status).toBe(200);
      expect(await db.models.DeletionRequest.countDocuments({ topic: 'customers/redact' })).toBe(1);
    });

    it.each([
      ['customers/data_request', 'CUSTOMERS_DATA_REQUEST', () => dataRequestPayload()],
      ['shop/redact', 'SHOP_REDACT', () => shopRedactPayload()],
      ['app/uninstalled', 'APP_UNINSTALLED', () => appUninstalledPayload()],
    ])('maps %s and %s to one topic', async (slashed, upper, samplePayload) => {
      const payload = samplePayload();
      const first = await postWebhook(app.baseUrl, signedWebhook(slashed, payload));
      const second = await postWebhook(app.baseUrl, signedWebhook(upper, payload));

      expect([first.status, second.status]).toEqual([200, 200]);
      expect(await db.models.WebhookDelivery.countDocuments({ topic: slashed })).toBe(2);
    });

    it.each(['cust_omers/redact', 'customers//redact', 'customersredact', 'CUSTOMERS-REDACT'])(
      'treats the near miss %s as an unhandled topic',
      async (topic) => {
        const response = await postWebhook(app.baseUrl, signedWebhook(topic, customersRedactPayload()));

        expect(response.status).toBe(200);
        expect(JSON.parse(response.body).status).toBe('ignored');
        expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
      },
    );

    it.each([
      ['shop/redact', () => customersRedactPayload()],
      ['shop/redact', () => dataRequestPayload()],
      ['customers/redact', () => dataRequestPayload()],
      ['customers/data_request', () => customersRedactPayload()],
    ])('ignores a %s carrying another topic body', async (topic, payload) => {
      const response = await postWebhook(app.baseUrl, signedWebhook(topic, payload()));

      expect(response.status).toBe(200);
      expect(JSON.parse(response.body).status).toBe('ignored');
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
      expect(await db.models.DataExport.countDocuments()).toBe(0);
    });

    it('answers 200 and logs a warning for a signed topic the app does not handle', async () => {
      const response = await postWebhook(app.baseUrl, signedWebhook('products/create', { id: 1 }));

      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ status: 'ignored', reason: 'topic not handled' });
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
      const warning = logs.records().find((record) => record.msg?.toString().includes('not handled'));
      expect(warning).toMatchObject({ level: 40, topic: 'products/create' });
    });

    it('answers 400 naming the header when a signed request has no topic', async () => {
      const request = signedWebhook('customers/redact', customersRedactPayload(), {
        headers: { 'x-shopify-topic': undefined },
      });

      const response = await postWebhook(app.baseUrl, request);

      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'X-Shopify-Topic' });
    });

    it('accepts the topic in the path as well', async () => {
      const response = await postWebhook(
        app.baseUrl,
        signedWebhook('customers/redact', customersRedactPayload()),
        '/webhooks/customers/redact',
      );

      expect(response.status).toBe(200);
      expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
    });
  });

  describe('repeated deliveries', () => {
    it('stores one request when the same delivery arrives twice in a row', async () => {
      const request = signedWebhook('customers/redact', customersRedactPayload());

      const first = await postWebhook(app.baseUrl, request);
      const second = await postWebhook(app.baseUrl, request);

      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(JSON.parse(second.body)).toEqual({ status: 'duplicate' });
      expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
      expect(await db.models.WebhookDelivery.countDocuments()).toBe(1);
    });

    it('stores one request when the same delivery arrives ten times at once', async () => {
      const request = signedWebhook('shop/redact', shopRedactPayload());

      const responses = await Promise.all(Array.from({ length: 10 }, () => postWebhook(app.baseUrl, request)));

      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
      expect(await db.models.WebhookDelivery.countDocuments()).toBe(1);
    });

    it('recognises a repeat without a webhook id by its body', async () => {
      const request = signedWebhook('customers/redact', customersRedactPayload(), {
        headers: { 'x-shopify-webhook-id': undefined },
      });

      await postWebhook(app.baseUrl, request);
      await postWebhook(app.baseUrl, request);

      expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
    });

    it('stores two requests for two deliveries with the same body', async () => {
      await postWebhook(app.baseUrl, signedWebhook('customers/redact', customersRedactPayload()));
      await postWebhook(app.baseUrl, signedWebhook('customers/redact', customersRedactPayload()));

      expect(await db.models.DeletionRequest.countDocuments()).toBe(2);
    });
  });

  describe('headers and body', () => {
    it('accepts a delivery with only the signature and topic headers', async () => {
      const request = signedWebhook('customers/redact', customersRedactPayload(), {
        headers: {
          'content-type': undefined,
          'x-shopify-shop-domain': undefined,
          'x-shopify-api-version': undefined,
          'x-shopify-webhook-id': undefined,
          'x-shopify-triggered-at': undefined,
        },
      });

      const response = await postWebhook(app.baseUrl, request);

      expect(response.status).toBe(200);
      expect(await db.models.DeletionRequest.countDocuments({ shop: TEST_SHOP })).toBe(1);
    });

    it('takes the shop from the signed body when the shop header disagrees', async () => {
      await createShop(db.models, OTHER_SHOP);
      const request = signedWebhook('customers/redact', customersRedactPayload({ shop: TEST_SHOP }), {
        headers: { 'x-shopify-shop-domain': OTHER_SHOP },
      });

      await postWebhook(app.baseUrl, request);

      expect(await db.models.DeletionRequest.countDocuments({ shop: TEST_SHOP })).toBe(1);
      expect(await db.models.DeletionRequest.countDocuments({ shop: OTHER_SHOP })).toBe(0);
    });

    it.each(['2019-04', '2026-10', 'unstable', 'not-a-version'])('accepts API version %s', async (apiVersion) => {
      const request = signedWebhook('customers/redact', customersRedactPayload(), {
        headers: { 'x-shopify-api-version': apiVersion },
      });

      expect((await postWebhook(app.baseUrl, request)).status).toBe(200);
    });

    it('compares the shop domain case-insensitively', async () => {
      const response = await postWebhook(
        app.baseUrl,
        signedWebhook('customers/redact', customersRedactPayload({ shop: 'Test-Shop.MyShopify.com' })),
      );

      expect(response.status).toBe(200);
      expect(await db.models.DeletionRequest.countDocuments({ shop: TEST_SHOP })).toBe(1);
    });

    it.each(['shop.example.com', 'test-shop.myshopify.com.evil.com', '', 'evil.com/test-shop.myshopify.com'])(
      'stores nothing for the shop domain "%s"',
      async (shop) => {
        const response = await postWebhook(
          app.baseUrl,
          signedWebhook('customers/redact', customersRedactPayload({ shop })),
        );

        expect(response.status).toBe(200);
        expect(JSON.parse(response.body)).toEqual({ status: 'ignored' });
        expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
      },
    );

    it('stores nothing for a shop the app never saw', async () => {
      const response = await postWebhook(
        app.baseUrl,
        signedWebhook('customers/redact', customersRedactPayload({ shop: 'never-seen.myshopify.com' })),
      );

      expect(response.status).toBe(200);
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    });

    it('answers 400 naming the field for a signed body of the wrong shape', async () => {
      const payload = { ...customersRedactPayload(), orders_to_redact: 'all' };

      const response = await postWebhook(app.baseUrl, signedWebhook('customers/redact', payload));

      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'orders_to_redact' });
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    });

    it('answers 400 for a signed body that is not JSON', async () => {
      const response = await postWebhook(
        app.baseUrl,
        signedWebhook('customers/redact', undefined, { rawBody: '{"shop_domain":' }),
      );

      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error.field).toBe('body');
    });

    it('accepts a body of several megabytes and keeps every order id', async () => {
      const orderIds = Array.from({ length: 150_000 }, (_, index) => 4_000_000_000_000 + index);
      const request = signedWebhook('customers/redact', customersRedactPayload({ ordersToRedact: orderIds }));
      expect(request.body.length).toBeGreaterThan(2 * 1024 * 1024);

      const response = await postWebhook(app.baseUrl, request);

      expect(response.status).toBe(200);
      const stored = await db.models.DeletionRequest.findOne().lean();
      expect(stored?.scope.orderIds).toHaveLength(150_000);
      expect(stored?.scope.orderIds?.[149_999]).toBe(String(4_000_000_000_000 + 149_999));
    });
  });
});
