import type { Locale } from '../i18n/messages';
import { escapeHtml } from '../lib/html';
import { formMessages } from './form-messages';
import { LIMITS, productField, type FormErrors, type FormValues, type Product } from './review-form';

/**
 * Page frame for the customer pages that hold a form. Works without JavaScript; colours keep a
 * contrast of at least 4.5:1 and every control shows a visible focus ring.
 */
export function customerLayout(options: { lang: Locale; title: string; content: string }): string {
  return `<!doctype html>
<html lang="${options.lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(options.title)}</title>
  <style>
    body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #f6f6f7; margin: 0; line-height: 1.5; }
    main { max-width: 36rem; margin: 2rem auto; padding: 2rem; background: #fff; border-radius: 8px; }
    h1 { font-size: 1.5rem; margin-top: 0; }
    h2 { font-size: 1.15rem; margin-top: 2rem; }
    fieldset { border: 1px solid #8a8a8a; border-radius: 6px; margin: 0 0 1.25rem; padding: 0.75rem 1rem; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    .field { margin-bottom: 1.25rem; }
    .field > label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
    .choice { display: block; padding: 0.2rem 0; }
    input[type="text"], textarea { width: 100%; box-sizing: border-box; font: inherit; padding: 0.5rem;
      border: 1px solid #6b6b6b; border-radius: 4px; }
    textarea { min-height: 8rem; }
    input[type="radio"] { width: 1.1rem; height: 1.1rem; vertical-align: middle; margin-right: 0.4rem; }
    [aria-invalid="true"] { border-color: #b3261e; border-width: 2px; }
    .hint { color: #4a4a4a; font-size: 0.9rem; margin: 0.25rem 0; }
    .error { color: #b3261e; font-weight: 600; margin: 0.25rem 0; }
    .summary { border: 2px solid #b3261e; padding: 0.75rem 1rem; border-radius: 6px; margin-bottom: 1.5rem; }
    button { font: inherit; font-weight: 600; color: #fff; background: #1a5c3a; border: 0; border-radius: 4px;
      padding: 0.7rem 1.4rem; cursor: pointer; }
    :focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
  </style>
</head>
<body>
  <main>
    <h1>${escapeHtml(options.title)}</h1>
${options.content}
  </main>
</body>
</html>
`;
}

/** Renders the review form, refilled from `values` and `errors` after a failed submit. */
export function reviewFormPage(options: {
  lang: Locale;
  title: string;
  action: string;
  orderName?: string;
  products: Product[];
  values: FormValues;
  errors: FormErrors;
  /** A problem with the whole form, such as a body too large to read. */
  formError?: string;
}): string {
  const t = formMessages[options.lang];
  const { values, errors } = options;
  const parts: string[] = [];

  if (options.formError) {
    parts.push(`<div class="summary" role="alert" tabindex="-1" id="error-summary">
  <p class="error">${escapeHtml(options.formError)}</p>
</div>`);
  }
  if (Object.keys(errors).length > 0) {
    parts.push(`<div class="summary" role="alert" tabindex="-1" id="error-summary">
  <p class="error">${escapeHtml(t.errorSummary)}</p>
  <ul>${Object.entries(errors)
    .map(([field, message]) => `<li><a href="#${field}">${escapeHtml(message)}</a></li>`)
    .join('')}</ul>
</div>`);
  }
  parts.push(`<p>${escapeHtml(t.intro(options.orderName))}</p>`);
  parts.push(`<form method="post" action="${escapeHtml(options.action)}" novalidate>`);
  parts.push(ratingGroup({ name: 'rating', legend: t.ratingLegend, stars: t.stars, value: values.rating, errors }));
  parts.push(textField({ name: 'title', label: t.titleLabel, value: values.title, max: LIMITS.title, errors }));
  parts.push(
    textArea({ name: 'body', label: t.bodyLabel, value: values.body, max: LIMITS.body, errors, required: true }),
  );
  parts.push(
    textField({
      name: 'displayName',
      label: t.displayNameLabel,
      hint: t.displayNameHint,
      value: values.displayName,
      max: LIMITS.displayName,
      errors,
      required: true,
      autocomplete: 'given-name',
    }),
  );

  if (options.products.length > 0) {
    parts.push(`<h2>${escapeHtml(t.productsHeading)}</h2>\n<p class="hint">${escapeHtml(t.productsHint)}</p>`);
    for (const product of options.products) {
      const value = values.products[product.productId] ?? { rating: '', body: '' };
      parts.push(
        ratingGroup({
          name: productField(product.productId, 'rating'),
          legend: t.productRatingLegend(product.title),
          stars: t.stars,
          value: value.rating,
          errors,
          noneLabel: t.noRating,
        }),
      );
      parts.push(
        textArea({
          name: productField(product.productId, 'body'),
          label: t.productBodyLabel(product.title),
          value: value.body,
          max: LIMITS.productBody,
          errors,
        }),
      );
    }
  }

  parts.push(`<button type="submit">${escapeHtml(t.submit)}</button>\n</form>`);
  return customerLayout({ lang: options.lang, title: options.title, content: parts.join('\n') });
}

function errorLine(name: string, errors: FormErrors): string {
  const message = errors[name];
  return message ? `<p class="error" id="${name}-error">${escapeHtml(message)}</p>` : '';
}

function describedBy(name: string, errors: FormErrors, hint: boolean): string {
  const ids = [hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ` aria-describedby="${ids.join(' ')}"` : '';
}

function ratingGroup(options: {
  name: string;
  legend: string;
  stars: string[];
  value: string;
  errors: FormErrors;
  noneLabel?: string;
}): string {
  const { name, value, errors } = options;
  const choices = options.stars.map((label, index) => {
    const rating = String(index + 1);
    // The first radio carries the id, so the error summary's link lands on the group.
    const id = index === 0 ? name : `${name}-${rating}`;
    return `<label class="choice" for="${id}"><input type="radio" id="${id}" name="${name}" value="${rating}"${value === rating ? ' checked' : ''}>${escapeHtml(label)}</label>`;
  });
  if (options.noneLabel)
    choices.push(
      `<label class="choice" for="${name}-none"><input type="radio" id="${name}-none" name="${name}" value=""${value === '' ? ' checked' : ''}>${escapeHtml(options.noneLabel)}</label>`,
    );
  const invalid = errors[name] ? ' aria-invalid="true"' : '';
  return `<fieldset${invalid}${describedBy(name, errors, false)}>
  <legend>${escapeHtml(options.legend)}</legend>
  ${errorLine(name, errors)}
  ${choices.join('\n  ')}
</fieldset>`;
}

function textField(options: {
  name: string;
  label: string;
  value: string;
  max: number;
  errors: FormErrors;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
}): string {
  const { name, errors } = options;
  const attributes = [
    `type="text" id="${name}" name="${name}" value="${escapeHtml(options.value)}" maxlength="${options.max}"`,
    options.required ? 'required aria-required="true"' : '',
    options.autocomplete ? `autocomplete="${options.autocomplete}"` : 'autocomplete="off"',
    errors[name] ? 'aria-invalid="true"' : '',
  ].filter(Boolean);
  return `<div class="field">
  <label for="${name}">${escapeHtml(options.label)}</label>
  ${options.hint ? `<p class="hint" id="${name}-hint">${escapeHtml(options.hint)}</p>` : ''}
  ${errorLine(name, errors)}
  <input ${attributes.join(' ')}${describedBy(name, errors, Boolean(options.hint))}>
</div>`;
}

function textArea(options: {
  name: string;
  label: string;
  value: string;
  max: number;
  errors: FormErrors;
  required?: boolean;
}): string {
  const { name, errors } = options;
  const attributes = [
    `id="${name}" name="${name}" maxlength="${options.max}"`,
    options.required ? 'required aria-required="true"' : '',
    errors[name] ? 'aria-invalid="true"' : '',
  ].filter(Boolean);
  return `<div class="field">
  <label for="${name}">${escapeHtml(options.label)}</label>
  ${errorLine(name, errors)}
  <textarea ${attributes.join(' ')}${describedBy(name, errors, false)}>${escapeHtml(options.value)}</textarea>
</div>`;
}

/** Renders a page with a heading, paragraphs and optionally one button that posts to `action`. */
export function messagePage(options: {
  lang: Locale;
  title: string;
  paragraphs: string[];
  button?: { action: string; label: string };
}): string {
  const paragraphs = options.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`);
  if (options.button)
    paragraphs.push(
      `<form method="post" action="${escapeHtml(options.button.action)}"><button type="submit">${escapeHtml(options.button.label)}</button></form>`,
    );
  return customerLayout({ lang: options.lang, title: options.title, content: paragraphs.join('\n') });
}
