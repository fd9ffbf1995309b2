import { createContext, useContext, type ReactNode } from 'react';

import { da, en, type MessageKey } from './messages';

export type Locale = 'en' | 'da';

/** Picks the page language from Shopify's `locale` query parameter ("da", "da-DK"), with English as the fallback. */
export function localeFromUrl(search: string): Locale {
  const value = new URLSearchParams(search).get('locale') ?? '';
  return value.toLowerCase().split(/[-_]/)[0] === 'da' ? 'da' : 'en';
}

export interface Translator {
  locale: Locale;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  formatDate(value: string | Date | null | undefined): string;
  formatDateTime(value: string | Date | null | undefined): string;
}

export function createTranslator(locale: Locale): Translator {
  const messages = locale === 'da' ? da : en;
  const dateFormat = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-US', {
    dateStyle: 'medium',
    // Dates such as a deletion's "before" are midnight UTC, so local time would show the previous day west of UTC.
    timeZone: 'UTC',
  });
  const dateTimeFormat = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  return {
    locale,
    // A key built from a server value the page does not know yet (a new status, say) shows the key.
    t: (key, values = {}) =>
      (messages[key] ?? key).replace(/\{(\w+)\}/g, (placeholder, name: string) =>
        name in values ? String(values[name]) : placeholder,
      ),
    formatDate: (value) => (value ? dateFormat.format(new Date(value)) : messages.unknown),
    formatDateTime: (value) => (value ? dateTimeFormat.format(new Date(value)) : messages.unknown),
  };
}

const TranslatorContext = createContext<Translator>(createTranslator('en'));

export function TranslatorProvider(props: { translator: Translator; children: ReactNode }) {
  return <TranslatorContext.Provider value={props.translator}>{props.children}</TranslatorContext.Provider>;
}

export function useTranslator(): Translator {
  return useContext(TranslatorContext);
}
