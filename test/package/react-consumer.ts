// Type-checked by test/package/package.test.ts as a React app would import og-oca/react (nodenext).
import type { State } from 'og-oca';
import { type OneClick, useOneClick } from 'og-oca/react';
import { createRef } from 'react';

const ref = createRef<HTMLDivElement>();
export const Landing = () => {
  const view: OneClick = useOneClick({ target: ref, mode: 'confirm', delayDays: 21 });
  const state: State | 'idle' = view.state;
  if (view.result?.status === 'error') return view.result.error.code;
  view.confirm?.();
  view.retry?.();
  return `${state}: ${view.message}`;
};
// @ts-expect-error the host is a ref, not a selector
useOneClick({ target: '#oca' });
// @ts-expect-error the hook decides how it renders
useOneClick({ render: false });
// @ts-expect-error useOneClick is a function (fails if the types resolve to `any`)
export const notNumber: number = useOneClick;
