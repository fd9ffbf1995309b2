import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionStorage } from '@shopify/shopify-app-session-storage';
import pino from 'pino';

import { createApp, type AppDeps } from '../../server/app';
import { ManualClock, type Clock } from '../../server/clock';
import type { Models } from '../../server/db/models';
import { TEST_API_KEY } from './session-token';
import { TEST_API_SECRET } from './shopify';

export const TEST_CONFIG = Object.freeze({
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SCOPES: ['read_orders', 'read_customers'],
  SHOPIFY_APP_URL: 'https://review-invitations.example.com',
});

export interface TestApp {
  baseUrl: string;
  clock: Clock;
  close(): Promise<void>;
}

/** Starts the real app on a free loopback port. */
export async function startTestApp(
  models: Models,
  options: {
    clock?: Clock;
    logger?: pino.Logger;
    config?: Partial<AppDeps['config']>;
    webDir?: string;
    sessionStorage?: SessionStorage;
  } = {},
): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock();
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = createApp({
    config: { ...TEST_CONFIG, ...options.config },
    logger,
    models,
    clock,
    webDir: options.webDir,
    sessionStorage: options.sessionStorage,
  });

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    clock,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export async function postWebhook(
  baseUrl: string,
  request: { body: string; headers: Record<string, string> },
  path = '/webhooks',
) {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, body: await response.text() };
}
