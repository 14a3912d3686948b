'use client';

import { useOneClick } from 'og-oca/react';

// The API origin, inlined by `next build`: the fake Ordergroove that ../run.mjs starts.
const apiBase = process.env.NEXT_PUBLIC_OG_API_BASE;

/** Headless: the component renders the run's state itself (and prerenders, idle, on the server). */
export function OneClick() {
  const { state, message } = useOneClick({ apiBase });
  return (
    <section data-testid="one-click" data-state={state} role="status">
      {state === 'success' ? <h2>All set</h2> : <p>{message}</p>}
    </section>
  );
}
