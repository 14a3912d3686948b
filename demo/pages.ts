/**
 * The merchant's landing pages: one Bean & Bloom store page, five ways of putting og-oca
 * on it. Each page is what a store would write by hand; only the API origin is filled in.
 */
import { type Html, html, raw } from './html.ts';

/** The policy og-oca promises to work under, sent with the CSP page and fixtures. */
export const STRICT_CSP = "script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

interface LandingPage {
  /** What the page shows, in an HTML comment above the tag. */
  about: string;
  /** The script (and anything else) in `<head>`, given the API origin. */
  head: (apiBase: string) => Html;
  /** The host element. */
  host?: (apiBase: string) => Html;
  /** Served with the strict Content-Security-Policy. */
  csp?: boolean;
}

const iife = (apiBase: string, extra = '') =>
  html`<script src="/dist/oca.js" defer data-api-base="${apiBase}"${raw(extra)}></script>`;

/** The pages, by file name. */
export const LANDING_PAGES: Readonly<Record<string, LandingPage>> = {
  'landing.html': {
    about:
      'og-oca reads the 1-click link, calls Ordergroove once, shows the outcome in [data-oca].',
    head: (apiBase) => iife(apiBase),
  },
  'landing-confirm.html': {
    about:
      'Confirm mode: a button; nothing is sent until a real click (safe from mail link scanners).',
    head: (apiBase) => iife(apiBase, ' data-mode="confirm"'),
  },
  'landing-slow.html': {
    about: 'A 2-second request timeout (the default is 10 s), to show the timeout error.',
    head: (apiBase) => iife(apiBase, ' data-timeout="2000"'),
  },
  'landing-csp.html': {
    about: `Served with Content-Security-Policy: ${STRICT_CSP}`,
    head: (apiBase) => iife(apiBase),
    csp: true,
  },
  'landing-esm.html': {
    about:
      'The npm build without a bundler: dist/oca.mjs imports "ky", found through the import map.',
    head: () =>
      html`<script type="importmap">{"imports":{"ky":"/vendor/ky/index.js"}}</script>
<script type="module" src="/landing-esm.js"></script>`,
    host: (apiBase) => html`<div id="oca" data-oca data-api-base="${apiBase}"></div>`,
  },
};

const ICON = (title: string, paths: string) =>
  raw(
    `<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><title>${title}</title>${paths}</svg>`,
  );

const storeHeader = html`<header class="store-header">
  <div class="store-header-inner">
    <a class="store-logo" href="/landing.html"><img src="/assets/bean-and-bloom.svg" alt="Bean &amp; Bloom Coffee" width="168" height="40"></a>
    <details class="store-menu">
      <summary>Menu</summary>
      <nav class="store-nav" aria-label="Store">
        <span>Shop coffee</span><span>Subscriptions</span><span>Brew guides</span><span>Our roastery</span>
      </nav>
    </details>
    <span class="store-account">
      ${ICON('Account', '<circle cx="12" cy="8" r="4" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>')}
      ${ICON('Cart', '<path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.9a2 2 0 0 0 1.9-1.5L21 8H6.2" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/><circle cx="10" cy="20.5" r="1.3" fill="currentColor"/><circle cx="17" cy="20.5" r="1.3" fill="currentColor"/>')}
    </span>
  </div>
</header>`;

const storeMore = html`<noscript><p class="store-noscript">Turn on JavaScript to update your subscription from this link, or sign in to your account.</p></noscript>
  <section class="store-panel" aria-labelledby="more-title">
    <h2 id="more-title">Anything else?</h2>
    <p>Change your coffee, grind, quantity, address or payment card any time in your Bean &amp; Bloom account. Subscriptions have no commitment: pause or cancel whenever you like.</p>
    <ul class="store-perks">
      <li>Free shipping on every subscription box</li>
      <li>Roasted the day before it ships</li>
      <li>10% off everything else in the shop</li>
    </ul>
  </section>`;

const storeFooter = html`<footer class="store-footer">
  <p><strong>Bean &amp; Bloom Coffee</strong> · Small-batch coffee, roasted to order in Portland, Oregon.</p>
  <p>Questions about your subscription? Write to hello@beanandbloom.example or call (503) 555-0142, 8am–6pm PT.</p>
</footer>
<nav class="demo-ribbon" aria-label="Demo">
  <a href="/">← Back to inbox</a>
  <span>og-oca demo · Bean &amp; Bloom Coffee is a made-up store; the Ordergroove API is a local fake.</span>
</nav>`;

/** A landing page, or undefined for a name that is not one. */
export const landingPage = (name: string, apiBase: string): string | undefined => {
  const page = Object.hasOwn(LANDING_PAGES, name) ? LANDING_PAGES[name] : undefined;
  if (!page) return undefined;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Subscription update · Bean &amp; Bloom Coffee</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/dist/oca.css">
<link rel="stylesheet" href="/demo.css">
<!-- ${raw(page.about)} -->
${page.head(apiBase)}
</head>
<body class="store">
${storeHeader}
<main class="store-main" id="main">
  <h1 class="store-title">Your subscription</h1>
  ${page.host ? page.host(apiBase) : raw('<div data-oca></div>')}
  ${storeMore}
</main>
${storeFooter}
</body>
</html>
`.value;
};
