// The shared browser suite: every area (e2e/engines/areas/*.ts) for one engine, in one
// browser and one page. Each *.engine.ts file runs it for its engine.
import { describe } from 'vitest';
import { actions } from './areas/actions';
import { errors } from './areas/errors';
import { hostileLinks } from './areas/hostile';
import { links } from './areas/links';
import { modes } from './areas/modes';
import { once } from './areas/once';
import { pages } from './areas/pages';
import type { EngineKind } from './driver';
import { useEngine } from './harness';

/** Declares the whole shared suite for `kind`. */
export const describeEngine = (kind: EngineKind) =>
  describe(kind.name, () => {
    const h = useEngine(kind);
    actions(h);
    modes(h);
    errors(h);
    links(h);
    pages(h);
    once(h);
    hostileLinks(h);
  });
