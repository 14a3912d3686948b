import { useOneClick } from 'og-oca/react';
import { useRef } from 'react';

// The API origin: the fake Ordergroove that ../run.mjs starts (production pages leave it out).
const apiBase = import.meta.env.VITE_OG_API_BASE;

/** og-oca draws into the host; its success template is written in JSX. */
export function OneClick() {
  const host = useRef(null);
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
