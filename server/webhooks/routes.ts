import { Router, type Request, type Response } from 'express';
import { ZodError } from 'zod';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { ValidationError } from '../errors';
import { sha256Hex } from '../lib/hash';
import type { Logger } from '../logger';
import { webhookHandlers } from './handlers';
import { readSignedBody } from './signed-body';
import { normalizeTopic } from './topics';

/**
 * Largest webhook body accepted. A customers/redact for a customer with thousands of orders is well
 * over 1 MB; Shopify documents no maximum, so this leaves room.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export interface WebhookRouteDeps {
  models: Models;
  clock: Clock;
  logger: Logger;
  apiSecret: string;
}

/**
 * POST /webhooks (and /webhooks/<anything>, for subscriptions that put the topic in the path).
 * The topic always comes from the X-Shopify-Topic header and the shop from the signed body.
 */
export function webhookRoutes(deps: WebhookRouteDeps): Router {
  const router = Router();

  router.post(['/webhooks', '/webhooks/*path'], async (req: Request, res: Response) => {
    const body = await readSignedBody(req, deps.apiSecret, WEBHOOK_BODY_LIMIT_BYTES);

    const topicHeader = req.get('x-shopify-topic');
    if (!topicHeader)
      throw new ValidationError(
        'The X-Shopify-Topic header is missing. Send the webhook topic, such as customers/redact.',
        'X-Shopify-Topic',
      );

    const webhookId = req.get('x-shopify-webhook-id') || undefined;
    const log = deps.logger.child({ requestId: res.locals.requestId, webhookId, topic: topicHeader });

    const topic = normalizeTopic(topicHeader);
    if (!topic) {
      log.warn('Webhook topic is not handled by this app; responded 200 so Shopify stops retrying');
      res.status(200).json({ status: 'ignored', reason: 'topic not handled' });
      return;
    }

    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ValidationError('The webhook body is not valid JSON.', 'body');
    }

    const dedupeKey = deliveryKey(topic, webhookId, body);
    let result;
    try {
      result = await webhookHandlers[topic]({
        models: deps.models,
        clock: deps.clock,
        logger: log,
        topic,
        dedupeKey,
        body: payload,
      });
    } catch (error) {
      if (error instanceof ZodError) {
        const issue = error.issues[0];
        throw new ValidationError(
          `The webhook body does not have the shape of ${topic}: ${issue?.message ?? 'invalid'}.`,
          issue?.path.join('.'),
        );
      }
      throw error;
    }

    if (result.outcome !== 'ignored') {
      await recordDelivery(deps.models, {
        dedupeKey,
        topic,
        webhookId,
        shop: result.shop,
        apiVersion: req.get('x-shopify-api-version'),
        receivedAt: deps.clock.now(),
      });
      log.info({ shop: result.shop, outcome: result.outcome, reference: result.reference }, 'Webhook stored');
    } else {
      log.warn({ shop: result.shop, reason: result.reason }, 'Webhook ignored');
    }
    res.status(200).json({ status: result.outcome });
  });

  return router;
}

/**
 * Key that identifies one delivery across Shopify's retries: the X-Shopify-Webhook-Id header, which
 * Shopify repeats on every retry. Without that header, the topic and body bytes stand in for it.
 */
export function deliveryKey(topic: string, webhookId: string | undefined, body: Buffer): string {
  if (webhookId) return `webhook-id:${webhookId}`;
  // NOTE: two genuine requests with byte-identical bodies and no webhook id are treated as one.
  // Shopify always sends the header; only hand-made deliveries lack it.
  return `webhook-body:${sha256Hex(Buffer.concat([Buffer.from(`${topic}\n`), body]))}`;
}

async function recordDelivery(
  models: Models,
  delivery: {
    dedupeKey: string;
    topic: string;
    webhookId?: string;
    shop: string;
    apiVersion?: string;
    receivedAt: Date;
  },
) {
  const { dedupeKey, ...rest } = delivery;
  const fields = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  try {
    await models.WebhookDelivery.updateOne({ dedupeKey }, { $setOnInsert: fields }, { upsert: true });
  } catch (error) {
    // A concurrent repeat of the same delivery inserted it first; that is the record we want.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}
