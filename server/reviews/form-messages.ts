import type { Locale } from '../i18n/messages';

/** Texts of the review form, the thank-you page and the unsubscribe pages, by locale. */
export interface FormMessages {
  intro(orderName: string | undefined): string;
  ratingLegend: string;
  stars: [string, string, string, string, string];
  titleLabel: string;
  bodyLabel: string;
  displayNameLabel: string;
  displayNameHint: string;
  productsHeading: string;
  productsHint: string;
  productRatingLegend(title: string): string;
  productBodyLabel(title: string): string;
  noRating: string;
  submit: string;
  errorSummary: string;
  errors: {
    ratingRequired: string;
    bodyRequired: string;
    displayNameRequired: string;
    tooLong(max: number): string;
    productBodyWithoutRating: string;
  };
  thankYouTitle: string;
  thankYouBody: string;
  tooManyTitle: string;
  tooManyBody: string;
  unsubscribeTitle: string;
  unsubscribeIntro: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: string;
  unsubscribeInvalidTitle: string;
  unsubscribeInvalidBody: string;
  formTooLarge: string;
  formUnreadable: string;
  badLinkTitle: string;
}

export const formMessages: Record<Locale, FormMessages> = {
  en: {
    intro: (orderName) =>
      `Thank you for your order${orderName ? ` ${orderName}` : ''}. Tell other customers what you think of it.`,
    ratingLegend: 'Your rating',
    stars: ['1 star (poor)', '2 stars', '3 stars', '4 stars', '5 stars (excellent)'],
    titleLabel: 'Title (optional)',
    bodyLabel: 'Your review',
    displayNameLabel: 'Name shown with your review',
    displayNameHint: 'For example your first name. Your email address is never shown.',
    productsHeading: 'Review the products (optional)',
    productsHint: 'Leave a product empty to skip it.',
    productRatingLegend: (title) => `Rating of ${title}`,
    productBodyLabel: (title) => `Review of ${title} (optional)`,
    noRating: 'No rating',
    submit: 'Send review',
    errorSummary: 'Please correct the fields marked below.',
    errors: {
      ratingRequired: 'Choose from 1 to 5 stars.',
      bodyRequired: 'Write a few words about your experience.',
      displayNameRequired: 'Enter the name to show with your review.',
      tooLong: (max) => `Use at most ${max} characters.`,
      productBodyWithoutRating: 'Choose a rating for this product, or leave its text empty.',
    },
    thankYouTitle: 'Thank you for your review',
    thankYouBody: 'Your review has been saved. You can close this page.',
    tooManyTitle: 'Too many attempts',
    tooManyBody: 'Please wait a few minutes and try again.',
    unsubscribeTitle: 'Unsubscribe from review invitations',
    unsubscribeIntro: 'Confirm below, and this shop will send you no more review invitations.',
    unsubscribeButton: 'Unsubscribe',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedBody:
      'You will get no more review invitations from this shop. Other emails from the shop, such as order confirmations, are not affected.',
    unsubscribeInvalidTitle: 'This unsubscribe link is not valid',
    unsubscribeInvalidBody: 'Check that the whole link from the email was copied.',
    formTooLarge: 'Your review was too long to send, so it was not saved. Shorten the texts and send it again.',
    formUnreadable: 'Your review could not be read, so it was not saved. Please write it again and send it.',
    badLinkTitle: 'This review link is not valid',
  },
  da: {
    intro: (orderName) =>
      `Tak for din ordre${orderName ? ` ${orderName}` : ''}. Fortæl andre kunder, hvad du synes om dine varer.`,
    ratingLegend: 'Din bedømmelse',
    stars: ['1 stjerne (dårlig)', '2 stjerner', '3 stjerner', '4 stjerner', '5 stjerner (fremragende)'],
    titleLabel: 'Overskrift (valgfri)',
    bodyLabel: 'Din anmeldelse',
    displayNameLabel: 'Navn, der vises sammen med din anmeldelse',
    displayNameHint: 'For eksempel dit fornavn. Din e-mailadresse bliver aldrig vist.',
    productsHeading: 'Anmeld varerne (valgfrit)',
    productsHint: 'Du kan springe en vare over ved at lade den stå tom.',
    productRatingLegend: (title) => `Bedømmelse af ${title}`,
    productBodyLabel: (title) => `Anmeldelse af ${title} (valgfri)`,
    noRating: 'Ingen bedømmelse',
    submit: 'Send anmeldelse',
    errorSummary: 'Ret venligst de markerede felter nedenfor.',
    errors: {
      ratingRequired: 'Vælg fra 1 til 5 stjerner.',
      bodyRequired: 'Skriv et par ord om din oplevelse.',
      displayNameRequired: 'Skriv det navn, der skal vises sammen med din anmeldelse.',
      tooLong: (max) => `Skriv højst ${max.toLocaleString('da-DK')} tegn.`,
      productBodyWithoutRating: 'Vælg en bedømmelse af varen, eller lad teksten være tom.',
    },
    thankYouTitle: 'Tak for din anmeldelse',
    thankYouBody: 'Din anmeldelse er gemt. Du kan lukke siden nu.',
    tooManyTitle: 'For mange forsøg',
    tooManyBody: 'Vent et par minutter, og prøv igen.',
    unsubscribeTitle: 'Afmeld anmeldelsesinvitationer',
    unsubscribeIntro: 'Klik på knappen for at afmelde dig. Så får du ikke flere anmeldelsesinvitationer fra butikken.',
    unsubscribeButton: 'Afmeld mig',
    unsubscribedTitle: 'Du er afmeldt',
    unsubscribedBody:
      'Du får ikke flere anmeldelsesinvitationer fra butikken. Butikkens andre mails, for eksempel ordrebekræftelser, fortsætter som før.',
    unsubscribeInvalidTitle: 'Afmeldingslinket er ugyldigt',
    unsubscribeInvalidBody: 'Kontrollér, at du har kopieret hele linket fra mailen.',
    formTooLarge:
      'Din anmeldelse var for lang til at blive sendt, så den er ikke gemt. Gør teksterne kortere, og send den igen.',
    formUnreadable: 'Vi kunne ikke læse din anmeldelse, så den er ikke gemt. Skriv den igen, og send den.',
    badLinkTitle: 'Anmeldelseslinket er ugyldigt',
  },
};
