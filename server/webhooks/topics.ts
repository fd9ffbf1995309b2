export const HANDLED_TOPICS = [
  'customers/data_request',
  'customers/redact',
  'shop/redact',
  'app/uninstalled',
  'orders/fulfilled',
] as const;

export type HandledTopic = (typeof HANDLED_TOPICS)[number];

// Shopify sends `customers/redact` in the X-Shopify-Topic header, while GraphQL and some tools
// spell the same topic `CUSTOMERS_REDACT`. Both reduce to the same key.
const topicKey = (topic: string) => topic.toLowerCase().replace(/[/_]/g, '');
const handledByKey = new Map<string, HandledTopic>(HANDLED_TOPICS.map((topic) => [topicKey(topic), topic]));

/** Returns the canonical topic name, or undefined for a topic the app does not handle. */
export function normalizeTopic(topic: string): HandledTopic | undefined {
  return handledByKey.get(topicKey(topic.trim()));
}
