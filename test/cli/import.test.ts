import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { ManualClock } from '../../server/clock';
import { sha256Hex } from '../../server/lib/hash';
import { importInvitations } from '../../server/invitations/import';
import { clearDatabase, useTestDatabase } from '../helpers/database';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'test/fixtures/invitations.sample.json');
const run = promisify(execFile);

const validRow = { shop: 'demo-shop.myshopify.com', email: 'john@example.com', name: 'John Smith' };

describe('importInvitations', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-12-01T00:00:00Z');

  beforeEach(() => clearDatabase(db.models));

  it('loads the sample file with hashed tokens and last-invited records', async () => {
    const result = await importInvitations(db.models, clock, JSON.parse(readFileSync(SAMPLE, 'utf8')));

    expect(result).toMatchObject({
      ok: true,
      imported: 4,
      shops: ['demo-shop.myshopify.com', 'second-shop.myshopify.com'],
    });
    const john = await db.models.Invitation.findOne({ tokenHash: sha256Hex('demo-link-john-0000000000000001') }).lean();
    expect(john).toMatchObject({ emailLower: 'john@example.com', customerId: '191167', orderId: '5001' });
    expect(JSON.stringify(await db.models.Invitation.find().lean())).not.toContain('demo-link-john');
    const lastInvited = await db.models.LastInvited.findOne({
      shop: 'demo-shop.myshopify.com',
      emailLower: 'john@example.com',
    }).lean();
    expect(lastInvited?.lastInvitedAt).toEqual(new Date('2026-11-25T10:00:00Z'));
    expect(await db.models.Shop.countDocuments()).toBe(2);
  });

  it('reports every invalid row with index, field and reason, and loads nothing', async () => {
    const rows = [
      validRow,
      { ...validRow, email: 'not-an-email' },
      { ...validRow, shop: 'shop.example.com', createdAt: 'yesterday' },
      { ...validRow, linkToken: 'short' },
      { ...validRow, favouriteColour: 'blue' },
      { shop: validRow.shop, email: validRow.email },
    ];

    const result = await importInvitations(db.models, clock, rows);

    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => [problem.index, problem.field])).toEqual([
      [1, 'email'],
      [2, 'shop'],
      [2, 'createdAt'],
      [3, 'linkToken'],
      [4, undefined],
      [5, 'name'],
    ]);
    expect(problems[4]?.message).toBe('unknown field(s): favouriteColour');
    expect(await db.models.Invitation.countDocuments()).toBe(0);
    expect(await db.models.Shop.countDocuments()).toBe(0);
  });

  it('rejects a link token used twice in the file or already stored', async () => {
    await importInvitations(db.models, clock, [{ ...validRow, linkToken: 'already-stored-token-0001' }]);

    const result = await importInvitations(db.models, clock, [
      { ...validRow, linkToken: 'already-stored-token-0001' },
      { ...validRow, linkToken: 'twice-in-this-file-00001' },
      { ...validRow, linkToken: 'twice-in-this-file-00001' },
    ]);

    expect(result.ok ? [] : result.problems).toEqual([
      { index: 0, field: 'linkToken', message: 'is already used by a stored invitation' },
      { index: 2, field: 'linkToken', message: 'repeats the linkToken of row 1' },
    ]);
    expect(await db.models.Invitation.countDocuments()).toBe(1);
  });

  it('rejects a file that is not an array', async () => {
    const result = await importInvitations(db.models, clock, { rows: [] });

    expect(result).toEqual({
      ok: false,
      problems: [{ index: -1, message: 'The file must contain a JSON array of invitation objects.' }],
    });
  });
});

describe('npm run import', () => {
  const db = useTestDatabase();

  function databaseUri(): string {
    return `${process.env.TEST_MONGODB_URI!.replace(/\/$/, '')}/${db.models.connection.name}`;
  }

  async function runImport(file: string) {
    return run(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/cli/import.ts', file], {
      cwd: ROOT,
      env: { ...process.env, MONGODB_URI: databaseUri(), LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  }

  beforeEach(() => clearDatabase(db.models));

  it('imports the sample file into the configured database', async () => {
    const result = await runImport(SAMPLE);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 4 invitations for 2 shop(s)');
    expect(await db.models.Invitation.countDocuments()).toBe(4);
  });

  it('exits 1 and names the bad rows', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-')), 'bad.json');
    writeFileSync(file, JSON.stringify([validRow, { ...validRow, email: 'nope' }]));

    const result = await runImport(file);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Nothing was imported');
    expect(result.stderr).toContain('row 1 email: must be an email address');
    expect(await db.models.Invitation.countDocuments()).toBe(0);
  });
});
