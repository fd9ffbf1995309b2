import { scheduleInvitation, type ScheduleDeps } from '../invitations/schedule';
import type { InviteFromBcc } from './intake';

/**
 * Makes invitations from BCC messages through the same timing, frequency and suppression rules as
 * orders. The message carries no Shopify order id, so the order reference goes in as the order
 * name and repeated orders of one customer are held back by the frequency rule alone.
 */
export function inviteThroughSchedule(deps: ScheduleDeps): InviteFromBcc {
  return async ({ shop, message, receivedAt }) => {
    // NOTE: the delay counts from when the email arrived, because a copied order email contains no
    // reliable fulfilment time. For an order confirmation, arrival is earlier than fulfilment.
    const result = await scheduleInvitation(deps, {
      shop,
      email: message.email,
      ...(message.name ? { name: message.name } : {}),
      ...(message.orderReference ? { orderName: message.orderReference } : {}),
      ...(message.locale ? { locale: message.locale } : {}),
      fulfilledAt: receivedAt,
      source: 'bcc',
    });
    return result.outcome === 'scheduled' ? 'scheduled' : result.reason;
  };
}
