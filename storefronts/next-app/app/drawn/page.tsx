import { OneClickDrawnClient } from './client';

// The same landing page with og-oca drawing the states, from a JSX template.
export default function Page() {
  return (
    <main>
      <h1>Your subscription</h1>
      <OneClickDrawnClient />
    </main>
  );
}
