import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { startTestApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { TEST_API_SECRET, TEST_SHOP } from '../helpers/shopify';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

describe('npm run webhook', () => {
  const db = useTestDatabase();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models);
    await createShop(db.models);
  });
  afterAll(() => app.close());

  const send = (args: string[]) =>
    run(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/cli/webhook.ts', ...args], { cwd: ROOT }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('sends a signed customers/redact that the app stores', async () => {
    const result = await send([
      'customers/redact',
      '--shop',
      TEST_SHOP,
      '--customer-id',
      '191167',
      '--email',
      'john@example.com',
      '--orders',
      '1001,1002',
      '--url',
      `${app.baseUrl}/webhooks`,
      '--secret',
      TEST_API_SECRET,
    ]);

    expect(result.stdout).toMatch(/^200 OK/);
    expect(result.code).toBe(0);
    const request = await db.models.DeletionRequest.findOne().lean();
    expect(request?.scope).toMatchObject({
      kind: 'customer',
      customerId: '191167',
      emails: ['john@example.com'],
      orderIds: ['1001', '1002'],
    });
  });

  it('prints 401 and exits 1 with the wrong secret', async () => {
    const result = await send([
      'shop/redact',
      '--shop',
      TEST_SHOP,
      '--url',
      `${app.baseUrl}/webhooks`,
      '--secret',
      'wrong-secret-0123456789',
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^401 Unauthorized/);
  });

  it('sends orders/fulfilled in the given customer locale', async () => {
    const result = await send([
      'orders/fulfilled',
      '--shop',
      TEST_SHOP,
      '--email',
      'kunde@example.dk',
      '--orders',
      '7001',
      '--locale',
      'da',
      '--url',
      `${app.baseUrl}/webhooks`,
      '--secret',
      TEST_API_SECRET,
    ]);

    expect(result.stdout).toMatch(/^200 OK/);
    const invitation = await db.models.Invitation.findOne({ orderId: '7001' }).lean();
    expect(invitation?.locale).toBe('da');
  });

  it('explains the usage for an unknown topic', async () => {
    const result = await send([
      'orders/create',
      '--shop',
      TEST_SHOP,
      '--url',
      `${app.baseUrl}/webhooks`,
      '--secret',
      TEST_API_SECRET,
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No sample payload for topic "orders/create"');
  });
});
