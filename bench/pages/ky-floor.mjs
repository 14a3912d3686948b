// The floor for any script that ships ky whole: baseline.js with ky in place of fetch (one
// request, no retry, no HTTP errors thrown), bundled with ky by bench/run.mjs into
// /pages/ky-floor.js. It has none of og-oca's checks, messages or config either: og-oca ÷ this
// is what og-oca's own code costs, this ÷ baseline.js is what ky costs.
import ky from 'ky';

const apiBase = document.currentScript.dataset.apiBase;
const query = new URLSearchParams(location.search);
const host = document.querySelector('[data-oca]');
const url = new URL(`${apiBase}/one_click/${query.get('action')}`);
url.searchParams.set('token', query.get('token'));
if (query.has('days')) url.searchParams.set('days', query.get('days'));
ky(url, { retry: 0, throwHttpErrors: false })
  .then((response) => response.text())
  .then(() => {
    host.textContent = `Done! Your next order will ship ${query.get('days') ?? 14} days later.`;
    host.setAttribute('data-oca-state', 'success');
  });
