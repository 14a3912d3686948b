'use client';

import { run } from 'og-oca';
import { useEffect, useRef } from 'react';

// The API origin, inlined by `next build`: the fake Ordergroove that ../run.mjs starts.
const apiBase = process.env.NEXT_PUBLIC_OG_API_BASE;

/** The 1-click host, with a success template written in JSX. */
export function OneClick() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const controller = new AbortController();
    run({ target: ref.current, apiBase, signal: controller.signal });
    return () => controller.abort();
  }, []);
  return (
    <div ref={ref} data-testid="oca-host">
      <template data-oca-template="success">
        <h2>All set</h2>
      </template>
    </div>
  );
}
