import { ManualClock } from '../../server/clock';
import { emailFingerprint, unsubscribeToken } from '../../server/invitations/fingerprint';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';

describe('unsubscribe /u/:token', () => {
  const db = useTestDatabase();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock: new ManualClock('2026-02-10T12:00:00Z') });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models);
  });

  const url = (token: string, lang = 'en') => `${app.baseUrl}/u/${token}?lang=${lang}`;

  it('asks to confirm on GET', async () => {
    const response = await fetch(url(unsubscribeToken(TEST_SHOP, 'Ann@Example.com'), 'da'));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('<h1>Afmeld anmeldelsesinvitationer</h1>');
    expect(html).toContain(
      'Klik på knappen for at afmelde dig. Så får du ikke flere anmeldelsesinvitationer fra butikken.',
    );
    expect(html).toMatch(
      /<form method="post" action="\/u\/[^"]+\?lang=da"><button type="submit">Afmeld mig<\/button><\/form>/,
    );
    expect(await db.models.Suppression.countDocuments()).toBe(0);
  });

  it('stores fingerprint, not address', async () => {
    const token = unsubscribeToken(TEST_SHOP, 'Ann@Example.com');

    for (let click = 0; click < 2; click += 1) {
      const response = await fetch(url(token), { method: 'POST' });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<h1>You are unsubscribed</h1>');
    }

    const entries = await db.models.Suppression.find().lean();
    expect(entries.map(({ shop, fingerprint, source }) => ({ shop, fingerprint, source }))).toEqual([
      { shop: TEST_SHOP, fingerprint: emailFingerprint(TEST_SHOP, 'ann@example.com'), source: 'unsubscribe_page' },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/ann/i);
  });

  it('rejects tampered token', async () => {
    const [, fingerprint, mac] = unsubscribeToken(TEST_SHOP, 'ann@example.com').split('.');
    const otherShop = Buffer.from(OTHER_SHOP).toString('base64url');

    for (const token of [`${otherShop}.${fingerprint}.${mac}`, 'garbage']) {
      const response = await fetch(url(token), { method: 'POST' });
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('This unsubscribe link is not valid');
    }
    expect(await db.models.Suppression.countDocuments()).toBe(0);
  });
});
