import '@shopify/polaris/build/esm/styles.css';

import { AppProvider } from '@shopify/polaris';
import polarisDa from '@shopify/polaris/locales/da.json';
import polarisEn from '@shopify/polaris/locales/en.json';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app';
import { createTranslator, localeFromUrl, TranslatorProvider } from './i18n';

const locale = localeFromUrl(window.location.search);
const translator = createTranslator(locale);
document.documentElement.lang = locale;
document.title = translator.t('appTitle');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider i18n={locale === 'da' ? polarisDa : polarisEn}>
      <TranslatorProvider translator={translator}>
        <App />
      </TranslatorProvider>
    </AppProvider>
  </StrictMode>,
);
