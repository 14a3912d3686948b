// The floor, by hand: read the query, send one fetch, put the text in the div.
// No checks, no messages table, no config: what any 1-click page must at least do.
const apiBase = document.currentScript.dataset.apiBase;
const query = new URLSearchParams(location.search);
const host = document.querySelector('[data-oca]');
const url = new URL(`${apiBase}/one_click/${query.get('action')}`);
url.searchParams.set('token', query.get('token'));
if (query.has('days')) url.searchParams.set('days', query.get('days'));
fetch(url)
  .then((response) => response.text())
  .then(() => {
    host.textContent = `Done! Your next order will ship ${query.get('days') ?? 14} days later.`;
    host.setAttribute('data-oca-state', 'success');
  });
