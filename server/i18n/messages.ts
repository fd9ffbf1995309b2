/** Texts customers see, by locale. English is the fallback for every other locale. */
export const SUPPORTED_LOCALES = ['en', 'da'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

export interface CustomerMessages {
  reviewPageTitle: string;
  reviewPageIntro: string;
  linkInactiveTitle: string;
  linkInactiveBody: string;
  linkInactiveHint: string;
}

export const customerMessages: Record<Locale, CustomerMessages> = {
  en: {
    reviewPageTitle: 'Write a review',
    reviewPageIntro: 'Thank you for your order. The review form opens here.',
    linkInactiveTitle: 'This invitation is no longer active',
    linkInactiveBody: 'The review invitation behind this link has expired or was deleted, so it can no longer be used.',
    linkInactiveHint: 'If you still want to share your experience, please contact the shop directly.',
  },
  da: {
    reviewPageTitle: 'Skriv en anmeldelse',
    reviewPageIntro: 'Tak for din ordre. Her kommer formularen til din anmeldelse.',
    linkInactiveTitle: 'Invitationen er ikke længere aktiv',
    linkInactiveBody: 'Linket kan ikke længere bruges, fordi anmeldelsesinvitationen er udløbet eller slettet.',
    linkInactiveHint: 'Hvis du stadig vil fortælle om din oplevelse, er du velkommen til at kontakte butikken direkte.',
  },
};

/** Picks a supported locale from a Shopify locale such as `da`, `da-DK` or `en-US`. */
export function toLocale(value: string | null | undefined): Locale | undefined {
  const language = value?.trim().toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LOCALES.find((locale) => locale === language);
}
