// A realistic heavy store page for the benchmarks: about 300 kB of HTML (header with a mega
// menu, a product grid of 360 cards, a long footer) and the scripts a theme carries — a
// vendor library in <head> (parser-blocking, as most themes still load jQuery), an async
// analytics snippet, a deferred theme script that wires up every card, and a deferred
// reviews widget. Built in code (deterministic), served by static.mjs; nothing is committed
// but this generator.

/** Synthetic script source of about `kB` kilobytes: functions that are compiled and some run. */
const library = (name, kB, work) => {
  const parts = [`/* ${name}: synthetic theme script for the og-oca benchmark */`];
  parts.push(`(function () {`, `  var api = (window.${name} = {});`);
  let size = 0;
  for (let i = 0; size < kB * 1000; i++) {
    const fn = `  api.f${i} = function (a, b) { var s = 'formatter-${i}-' + a; for (var k = 0; k < (b || 3); k++) s = s.split('').reverse().join('') + k; return { id: ${i}, label: s, price: (a * ${(i % 97) + 1}) / 100 }; };`;
    parts.push(fn);
    size += fn.length;
  }
  parts.push(work, '})();');
  return parts.join('\n');
};

/** The scripts of the store, by path. */
export const STORE_SCRIPTS = {
  // A sync library in <head>: compiled and initialised before the parser goes on.
  '/pages/store/vendor.js': library(
    'vendor',
    90,
    '  for (var i = 0; i < 400; i++) api["f" + (i % 50)](i, 2);',
  ),
  // Async analytics: reads the page and queues a beacon (sent nowhere).
  '/pages/store/analytics.js': library(
    'analytics',
    25,
    '  window.dataLayer = (window.dataLayer || []).concat([{ event: "page_view", href: location.pathname }]);',
  ),
  // Deferred theme script: wires up every product card and measures the grid once.
  '/pages/store/theme.js': library(
    'theme',
    60,
    `  var cards = document.querySelectorAll('.card');
  for (var i = 0; i < cards.length; i++) {
    cards[i].addEventListener('mouseenter', function () { this.classList.add('hover'); });
    cards[i].dataset.ready = api['f' + (i % 40)](i, 2).label.length;
  }
  var grid = document.querySelector('.grid');
  if (grid) grid.dataset.height = String(grid.getBoundingClientRect().height);`,
  ),
  // Deferred reviews widget: builds a block of reviews.
  '/pages/store/reviews.js': library(
    'reviews',
    30,
    `  var box = document.querySelector('.reviews');
  for (var i = 0; i < 30 && box; i++) {
    var p = document.createElement('p');
    p.textContent = api['f' + (i % 20)](i, 1).label;
    box.append(p);
  }`,
  ),
};

const WORDS = [
  'Cold Brew',
  'House Espresso',
  'Decaf Colombia',
  'Ethiopia Yirgacheffe',
  'Guatemala Huehuetenango',
  'Sumatra Mandheling',
  'Kenya AA',
  'Brazil Cerrado',
];

const card = (i) => {
  const name = `${WORDS[i % WORDS.length]} ${['Whole Bean', 'Ground', 'Pods', 'Concentrate'][i % 4]} ${i + 1}`;
  return `<article class="card" id="p${i}"><a href="/products/p-${i}" class="card-link"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="300" height="300" alt="${name}" loading="lazy"><h3 class="card-title">${name}</h3></a><p class="card-notes">Notes of dark chocolate, red fruit and toasted almond; roasted to order in small batches.</p><p class="card-price"><span class="price">$${(12 + (i % 9)).toFixed(2)}</span> <span class="unit">per 12 oz bag</span></p><form class="card-form" action="/cart/add" method="post"><input type="hidden" name="id" value="${1000 + i}"><label>Grind <select name="grind"><option>Whole bean</option><option>Espresso</option><option>Filter</option></select></label><button type="submit" class="card-button">Add to cart</button></form></article>`;
};

const menu = () =>
  Array.from(
    { length: 12 },
    (_, i) =>
      `<li class="menu-group"><a href="/collections/c-${i}">Collection ${i + 1}</a><ul>${Array.from(
        { length: 10 },
        (_, j) => `<li><a href="/collections/c-${i}/s-${j}">Sub-collection ${j + 1}</a></li>`,
      ).join('')}</ul></li>`,
  ).join('');

/**
 * The heavy store page with `head` (the landing-page script tag and its hints) in <head>:
 * og-oca's recommended tag, or the hand-written deferred script.
 * @param {string} head
 */
export const storePage = (head) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your subscription · Bean &amp; Bloom Coffee</title>
<link rel="stylesheet" href="/dist/oca.css">
<link rel="stylesheet" href="/pages/page.css">
${head}
<script src="/pages/store/vendor.js"></script>
<script async src="/pages/store/analytics.js"></script>
</head>
<body>
<header class="site-header"><a href="/" class="brand">Bean &amp; Bloom</a><nav aria-label="Shop"><ul class="menu">${menu()}</ul></nav></header>
<main>
  <h1>Your subscription</h1>
  <div data-oca></div>
  <section><h2>Subscribers also love</h2><div class="grid">${Array.from({ length: 360 }, (_, i) => card(i)).join('\n')}</div></section>
  <section class="reviews"><h2>What subscribers say</h2></section>
</main>
<footer>${menu()}<p>Bean &amp; Bloom Coffee · Roasted the day before it ships.</p></footer>
<script src="/pages/store/theme.js" defer></script>
<script src="/pages/store/reviews.js" defer></script>
</body>
</html>
`;
