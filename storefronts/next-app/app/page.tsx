import { OneClick } from './one-click';

// A server component, prerendered at build time with the 1-click component idle in it.
export default function Page() {
  return (
    <main>
      <h1>Your subscription</h1>
      <OneClick />
    </main>
  );
}
