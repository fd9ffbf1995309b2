import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';

import { toLocale, type Locale } from '../i18n/messages';
import { normalizeEmail } from '../lib/email';

export interface ParsedOrderEmail {
  email: string;
  name?: string;
  orderReference?: string;
  subject?: string;
  messageId?: string;
  locale?: Locale;
}

export type ParseOutcome =
  { ok: true; message: ParsedOrderEmail } | { ok: false; code: 'UNPARSEABLE_MESSAGE' | 'NO_RECIPIENT'; reason: string };

const EMAIL_PATTERN = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** How much of the body is searched for an order reference; order numbers sit near the top. */
const BODY_SEARCH_CHARS = 5000;

/**
 * Reads an order email that a shop system copied to the inbound address. The first To address
 * that is not an inbound address is the customer; the subject, else the body, may name the order.
 */
export async function parseOrderEmail(raw: Buffer, inboundDomain: string): Promise<ParseOutcome> {
  let parsed;
  try {
    parsed = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true, skipTextLinks: true });
  } catch {
    return { ok: false, code: 'UNPARSEABLE_MESSAGE', reason: 'The body is not a readable RFC 822 email message.' };
  }
  if (parsed.headers.size === 0) {
    return {
      ok: false,
      code: 'UNPARSEABLE_MESSAGE',
      reason: 'The body has no email headers; send the raw RFC 822 message, headers first.',
    };
  }

  const recipient = customerAddress(parsed.to, inboundDomain);
  if (!recipient) {
    return {
      ok: false,
      code: 'NO_RECIPIENT',
      reason: 'The To header has no usable customer email address, so no invitation can be made.',
    };
  }

  const subject = parsed.subject?.trim() || undefined;
  const contentLanguage = parsed.headers.get('content-language');
  const locale = typeof contentLanguage === 'string' ? toLocale(contentLanguage.split(/[,;]/)[0]!.trim()) : undefined;

  return {
    ok: true,
    message: {
      email: recipient.address!.trim(),
      ...(recipient.name?.trim() ? { name: recipient.name.trim() } : {}),
      ...optionalReference(subject, parsed.text),
      ...(subject ? { subject } : {}),
      ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
      ...(locale ? { locale } : {}),
    },
  };
}

function customerAddress(to: AddressObject | AddressObject[] | undefined, inboundDomain: string) {
  const lists = to === undefined ? [] : Array.isArray(to) ? to : [to];
  const domainSuffix = `@${inboundDomain.toLowerCase()}`;

  return lists
    .flatMap((list) => flatten(list.value))
    .find((entry) => {
      const address = entry.address?.trim() ?? '';
      return EMAIL_PATTERN.test(address) && !normalizeEmail(address).endsWith(domainSuffix);
    });
}

function flatten(entries: EmailAddress[]): EmailAddress[] {
  return entries.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
}

function optionalReference(subject: string | undefined, body: string | undefined): { orderReference?: string } {
  const reference = findOrderReference(subject ?? '') ?? findOrderReference((body ?? '').slice(0, BODY_SEARCH_CHARS));
  return reference ? { orderReference: reference } : {};
}

/**
 * Finds an order reference such as "#1001", "Order 1001", "Order no. SO-1001" or the Danish
 * "Ordre nr. 1001". Returns it as written, with a leading # when the text had one.
 */
export function findOrderReference(text: string): string | undefined {
  const hashNumber = /#\s?([A-Za-z0-9][A-Za-z0-9-]{0,30}\d)/.exec(text);
  if (hashNumber) return `#${hashNumber[1]}`;

  const labelled =
    /\b(?:order|ordre|bestilling)(?:\s*(?:no\.?|nr\.?|number|nummer|id))?[\s:.]*([A-Za-z]{0,5}-?\d[\d-]{0,30})/i.exec(
      text,
    );
  return labelled ? labelled[1] : undefined;
}
