'use client';

import { useOneClick } from 'og-oca/react';
import { useRef } from 'react';

const apiBase = process.env.NEXT_PUBLIC_OG_API_BASE;

/** og-oca draws into the host; its success template is written in JSX. */
export function OneClickDrawn() {
  const host = useRef<HTMLDivElement>(null);
  const { state } = useOneClick({ target: host, apiBase });
  return (
    <section data-testid="one-click" data-state={state}>
      <div ref={host}>
        <template data-oca-template="success">
          <h2>All set</h2>
        </template>
      </div>
    </section>
  );
}
