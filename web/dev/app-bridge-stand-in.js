// A stand-in for Shopify's App Bridge script, for the browser tests and for opening the page
// outside the Shopify admin during development. It provides only what the page uses:
// - shopify.idToken(): a session token from window.__testSessionToken() (browser tests) or from the
//   development server's /__dev/session-token (npm run dev:web);
// - fetch to the page's own origin carries that token as a Bearer header, as App Bridge does;
// - shopify.toast.show() records messages in window.__toasts;
// - shopify.saveBar and <ui-save-bar>, shown as a bar at the top of the page.
(() => {
  const style = document.createElement('style');
  style.textContent =
    'ui-save-bar { display: none; } ' +
    'ui-save-bar[data-showing] { display: flex; gap: 8px; position: fixed; top: 0; left: 0; right: 0; z-index: 1000; padding: 8px; background: #1a1a1a; } ' +
    'ui-save-bar[data-showing] button { color: #fff; background: #303030; border: 1px solid #fff; border-radius: 6px; padding: 4px 12px; }';
  document.head.appendChild(style);
  customElements.define('ui-save-bar', class extends HTMLElement {});
  window.__toasts = [];

  const fetchOriginal = window.fetch.bind(window);
  const idToken = async () => {
    if (typeof window.__testSessionToken === 'function') return window.__testSessionToken();
    const shop = new URLSearchParams(location.search).get('shop') || '';
    const response = await fetchOriginal('/__dev/session-token?shop=' + encodeURIComponent(shop));
    if (!response.ok) throw new Error(await response.text());
    return response.text();
  };

  window.fetch = async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url, location.href);
    const headers = new Headers(init.headers || (typeof input === 'string' ? undefined : input.headers));
    if (url.origin === location.origin && !headers.has('authorization')) {
      headers.set('authorization', 'Bearer ' + (await idToken()));
    }
    return fetchOriginal(input, { ...init, headers });
  };

  window.shopify = {
    config: { apiKey: document.querySelector('meta[name="shopify-api-key"]').content },
    idToken,
    toast: {
      show: (message) => {
        window.__toasts.push(message);
      },
    },
    saveBar: {
      show: async (id) => document.getElementById(id)?.setAttribute('data-showing', ''),
      hide: async (id) => document.getElementById(id)?.removeAttribute('data-showing'),
    },
  };
})();
