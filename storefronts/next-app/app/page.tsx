import { OneClickClient } from './one-click-client';

// A server component, prerendered at build time; the 1-click host renders in the browser.
export default function Page() {
  return (
    <main>
      <h1>Your subscription</h1>
      <OneClickClient />
    </main>
  );
}
