import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ConfigError, loadDotEnv, parseConfig } from '../server/config';

const validEnv = {
  SHOPIFY_API_KEY: 'client-id',
  SHOPIFY_API_SECRET: 'client-secret-0123456789',
  SCOPES: 'read_orders, read_customers',
  SHOPIFY_APP_URL: 'https://app.example.com',
};

describe('parseConfig', () => {
  it('returns a frozen, typed config with defaults', () => {
    const config = parseConfig(validEnv);

    expect(config.SCOPES).toEqual(['read_orders', 'read_customers']);
    expect(config.PORT).toBe(3000);
    expect(config.NODE_ENV).toBe('development');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every missing and invalid variable in one error', () => {
    let error: unknown;
    try {
      parseConfig({ SHOPIFY_APP_URL: 'not a url', PORT: '70000', MONGODB_URI: 'postgres://x' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SHOPIFY_API_KEY is missing/);
    expect(problems).toMatch(/SHOPIFY_API_SECRET is missing/);
    expect(problems).toMatch(/SCOPES is missing/);
    expect(problems).toMatch(/SHOPIFY_APP_URL is invalid/);
    expect(problems).toMatch(/PORT is invalid/);
    expect(problems).toMatch(/MONGODB_URI is invalid/);
    expect((error as ConfigError).problems).toHaveLength(6);
  });

  it('names every variable production needs in one error', () => {
    let error: unknown;
    try {
      parseConfig({ ...validEnv, NODE_ENV: 'production' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((problem) => problem.split(' ')[0]);
    expect(names).toEqual(['MONGODB_URI', 'SMTP_HOST', 'MAIL_FROM', 'SUPPRESSION_HMAC_KEY', 'TRUST_PROXY']);
  });

  it('requires MAIL_FROM whenever SMTP_HOST is set', () => {
    expect(() => parseConfig({ ...validEnv, SMTP_HOST: 'smtp.example.com' })).toThrow(/MAIL_FROM is missing/);
  });

  it('treats an empty value as not set', () => {
    expect(parseConfig({ ...validEnv, MONGODB_URI: '', PORT: '' }).MONGODB_URI).toBeUndefined();
  });
});

describe('loadDotEnv', () => {
  it('reads nothing from .env in production', () => {
    const rootDir = mkdtempSync(path.join(os.tmpdir(), 'dotenv-'));
    writeFileSync(path.join(rootDir, '.env'), 'SHOPIFY_API_SECRET=from-the-file-0123456789\n');
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };

    expect(loadDotEnv(rootDir, env)).toBeUndefined();
    expect(env.SHOPIFY_API_SECRET).toBeUndefined();
  });

  it('fills unset variables from .env in development', () => {
    const rootDir = mkdtempSync(path.join(os.tmpdir(), 'dotenv-'));
    writeFileSync(path.join(rootDir, '.env'), 'SHOPIFY_API_SECRET=from-the-file-0123456789\nPORT=4000\n');
    const env: NodeJS.ProcessEnv = { PORT: '5000', SUPPRESSION_HMAC_KEY: 'k'.repeat(32) };

    loadDotEnv(rootDir, env);

    expect(env.SHOPIFY_API_SECRET).toBe('from-the-file-0123456789');
    expect(env.PORT).toBe('5000');
  });
});
