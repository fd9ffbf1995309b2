import { Router } from 'express';
import { z } from 'zod';

import type { Models } from '../db/models';
import { upsertWithRetry } from '../lib/upsert';
import { FREQUENCIES, type Frequency } from '../shops/model';
import { parseInput } from './validation';

/** Timing and frequency settings a shop has before it saves any. */
export const DEFAULT_SETTINGS: Readonly<ShopSettings> = Object.freeze({ delayDays: 7, frequency: '3y' });

export interface ShopSettings {
  delayDays: number;
  frequency: Frequency;
}

const settingsBody = z.object(
  {
    delayDays: z
      .number({ error: 'must be a whole number of days from 0 to 90' })
      .int('must be a whole number of days from 0 to 90')
      .min(0, 'must be at least 0 days')
      .max(90, 'must be at most 90 days'),
    frequency: z.enum(FREQUENCIES, { error: `must be one of ${FREQUENCIES.join(', ')}` }),
  },
  { error: 'send a JSON object with delayDays and frequency' },
);

/** GET and PUT /settings: the token shop's timing and frequency. */
export function settingsRoutes(deps: { models: Models }): Router {
  const router = Router();

  router.get('/settings', async (_req, res) => {
    const shop = res.locals.shop as string;
    const record = await deps.models.Shop.findOne({ shop }).select('settings').lean();
    res.json({ settings: toSettings(record?.settings) });
  });

  router.put('/settings', async (req, res) => {
    const shop = res.locals.shop as string;
    const body = parseInput(settingsBody, req.body);

    const record = await upsertWithRetry(() =>
      deps.models.Shop.findOneAndUpdate(
        { shop },
        { $set: { 'settings.delayDays': body.delayDays, 'settings.frequency': body.frequency } },
        { upsert: true, returnDocument: 'after', runValidators: true },
      ).lean(),
    );
    res.json({ settings: toSettings(record?.settings) });
  });

  return router;
}

function toSettings(stored: { delayDays?: number | null; frequency?: string | null } | null | undefined): ShopSettings {
  return {
    delayDays: stored?.delayDays ?? DEFAULT_SETTINGS.delayDays,
    frequency: (stored?.frequency as Frequency | undefined) ?? DEFAULT_SETTINGS.frequency,
  };
}
