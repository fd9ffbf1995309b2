import { ConfigError, parseConfig } from '../server/config';

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

  it('treats an empty value as not set', () => {
    expect(parseConfig({ ...validEnv, MONGODB_URI: '', PORT: '' }).MONGODB_URI).toBeUndefined();
  });
});
