export const HANDLED_TOPICS = [
  'customers/data_request',
  'customers/redact',
  'shop/redact',
  'app/uninstalled',
  'orders/fulfilled',
] as const;

export type HandledTopic = (typeof HANDLED_TOPICS)[number];

// Shopify sends `customers/redact` in the X-Shopify-Topic header, while GraphQL and some tools
// spell the same topic `CUSTOMERS_REDACT`. Exactly these two spellings are accepted, in any case.
const handledBySpelling = new Map<string, HandledTopic>(
  HANDLED_TOPICS.flatMap((topic) => [
    [topic, topic],
    [topic.replace('/', '_'), topic],
  ]),
);

/** Returns the canonical topic name, or undefined for a topic the app does not handle. */
export function normalizeTopic(topic: string): HandledTopic | undefined {
  return handledBySpelling.get(topic.trim().toLowerCase());
}
