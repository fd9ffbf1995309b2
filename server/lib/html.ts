const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => replacements[character]!);
}

/** A minimal, accessible page for customers; every argument is escaped here. */
export function renderCustomerPage(options: { lang: string; title: string; paragraphs: string[] }): string {
  const paragraphs = options.paragraphs.map((text) => `    <p>${escapeHtml(text)}</p>`).join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(options.title)}</title>
  <style>
    body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #f6f6f7; margin: 0; }
    main { max-width: 36rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; }
    h1 { font-size: 1.5rem; margin-top: 0; }
  </style>
</head>
<body>
  <main>
    <h1>${escapeHtml(options.title)}</h1>
${paragraphs}
  </main>
</body>
</html>
`;
}
