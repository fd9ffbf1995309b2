import type { Locale } from '../i18n/messages';
import { escapeHtml } from '../lib/html';

interface EmailTexts {
  subject(orderName: string | undefined): string;
  greeting(firstName: string | undefined): string;
  thanks(orderName: string | undefined): string;
  ask: string;
  button: string;
  products: string;
  unsubscribe: string;
  unsubscribeLink: string;
}

const texts: Record<Locale, EmailTexts> = {
  en: {
    subject: (orderName) => (orderName ? `How was your order ${orderName}?` : 'How was your order?'),
    greeting: (firstName) => (firstName ? `Hi ${firstName},` : 'Hi,'),
    thanks: (orderName) => (orderName ? `Thank you for your order ${orderName}.` : 'Thank you for your order.'),
    ask: 'We would love to hear what you think. Writing a review takes about a minute.',
    button: 'Write a review',
    products: 'You can also review the products you received:',
    unsubscribe: 'You get this email because you bought from the shop. To stop review invitations from it:',
    unsubscribeLink: 'Unsubscribe',
  },
  da: {
    subject: (orderName) => (orderName ? `Hvad synes du om din ordre ${orderName}?` : 'Hvad synes du om din ordre?'),
    greeting: (firstName) => (firstName ? `Hej ${firstName}` : 'Hej'),
    thanks: (orderName) => (orderName ? `Tak for din ordre ${orderName}.` : 'Tak for din ordre.'),
    ask: 'Vi vil meget gerne høre, hvad du synes. Det tager omkring et minut at skrive en anmeldelse.',
    button: 'Skriv en anmeldelse',
    products: 'Du kan også anmelde de varer, du har fået:',
    unsubscribe:
      'Du får denne mail, fordi du har handlet i butikken. Hvis du ikke vil have flere anmeldelsesinvitationer, kan du afmelde dig her:',
    unsubscribeLink: 'Afmeld mig',
  },
};

export interface InvitationEmailInput {
  locale: Locale;
  name?: string | null;
  orderName?: string | null;
  products?: Array<{ title: string }> | null;
  reviewUrl: string;
  unsubscribeUrl: string;
}

/** Subject, plain-text and HTML body of an invitation, in the customer's language. */
export function invitationEmail(input: InvitationEmailInput): { subject: string; text: string; html: string } {
  const t = texts[input.locale];
  const firstName = input.name?.trim().split(/\s+/)[0] || undefined;
  const orderName = input.orderName?.trim() || undefined;
  const products = (input.products ?? []).map((product) => product.title);

  const text = [
    t.greeting(firstName),
    '',
    `${t.thanks(orderName)} ${t.ask}`,
    '',
    `${t.button}: ${input.reviewUrl}`,
    ...(products.length > 0 ? ['', t.products, ...products.map((title) => `- ${title}`)] : []),
    '',
    '--',
    t.unsubscribe,
    input.unsubscribeUrl,
    '',
  ].join('\n');

  const productList =
    products.length > 0
      ? `<p>${escapeHtml(t.products)}</p>\n<ul>${products.map((title) => `<li>${escapeHtml(title)}</li>`).join('')}</ul>\n`
      : '';
  const html = `<!doctype html>
<html lang="${input.locale}">
<head><meta charset="utf-8"><title>${escapeHtml(t.subject(orderName))}</title></head>
<body style="font-family: system-ui, sans-serif; color: #1a1a1a; line-height: 1.5;">
<p>${escapeHtml(t.greeting(firstName))}</p>
<p>${escapeHtml(t.thanks(orderName))} ${escapeHtml(t.ask)}</p>
<p><a href="${escapeHtml(input.reviewUrl)}" style="display: inline-block; padding: 10px 18px; background: #1a5c3a; color: #ffffff; border-radius: 4px; text-decoration: none;">${escapeHtml(t.button)}</a></p>
${productList}<hr>
<p style="font-size: 0.875em; color: #4a4a4a;">${escapeHtml(t.unsubscribe)} <a href="${escapeHtml(input.unsubscribeUrl)}" style="color: #1a1a1a;">${escapeHtml(t.unsubscribeLink)}</a></p>
</body>
</html>
`;

  return { subject: t.subject(orderName), text, html };
}
