import { type Options, type Result, run, type State } from 'og-oca';
import { type RefObject, useEffect, useState } from 'react';
import { registry } from '../registry.js';

/** Options of {@link useOneClick}: those of `run()`, with the host as a ref. */
export interface OneClickOptions
  extends Omit<Options, 'target' | 'url' | 'render' | 'signal' | 'onState'> {
  /**
   * A ref to the element og-oca draws the states in (its buttons included). Default: none, a
   * headless run — the component shows `state` and `message` and calls `confirm`/`retry`.
   */
  target?: RefObject<HTMLElement | null>;
}

/** What {@link useOneClick} returns: the run as it stands, for rendering. */
export interface OneClick {
  /** `idle` until the run starts (and for a page that is no 1-click link); then its state. */
  state: State | 'idle';
  /** The text og-oca shows for the state, in the page's language; `''` when idle or in `confirm`. */
  message: string;
  /** The outcome once there is one (a "Try again" clears it until the retry's). */
  result: Result | undefined;
  /** In `confirm`, in a headless run: sends the action. */
  confirm: (() => void) | undefined;
  /** After an error a retry can cure, in a headless run: sends the action again. */
  retry: (() => void) | undefined;
}

const IDLE: OneClick = {
  state: 'idle',
  message: '',
  result: undefined,
  confirm: undefined,
  retry: undefined,
};

/** One run as the hook follows it, shared by every component (and every mount) that follows it. */
interface Follower {
  view: OneClick;
  /** The components showing it. */
  views: Set<(view: OneClick) => void>;
  /** Aborted once no component shows it any more. */
  stop: AbortController;
}

/** Followers by the page's og-oca registry: one run per page, one follower per run. */
const followers = new WeakMap<object, Follower>();

/** The follower of the page's run, started now if there is none. */
const follow = ({ target, ...options }: OneClickOptions): Follower => {
  const page = registry();
  const known = followers.get(page);
  if (known) return known;
  const follower: Follower = { view: IDLE, views: new Set(), stop: new AbortController() };
  followers.set(page, follower);
  const show = (view: OneClick) => {
    follower.view = view;
    for (const set of follower.views) set(view);
  };
  const host = target?.current;
  const result = run({
    ...options,
    ...(host ? { target: host } : { render: false }),
    signal: follower.stop.signal,
    onState: (state, detail) =>
      show({
        state,
        message: detail.message,
        result: detail.result,
        confirm: detail.confirm,
        retry: detail.retry,
      }),
  });
  void result.then((ended) =>
    show(
      ended.status === 'idle'
        ? { ...IDLE, result: ended }
        : follower.view.result
          ? follower.view
          : { ...follower.view, result: ended },
    ),
  );
  return follower;
};

/**
 * Runs the page's 1-click link once the component mounts, and follows it: the request is sent
 * once however often React mounts the component (StrictMode included), and once no mounted
 * component follows the run any more its waits stop (never a request already sent). Options
 * are read on the first mount.
 */
export const useOneClick = (options: OneClickOptions = {}): OneClick => {
  const [view, setView] = useState(IDLE);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one run per page, on mount.
  useEffect(() => {
    const follower = follow(options);
    follower.views.add(setView);
    setView(follower.view);
    return () => {
      follower.views.delete(setView);
      // StrictMode mounts again in the same task: only a run nobody shows a task later stops.
      setTimeout(() => follower.views.size || follower.stop.abort());
    };
  }, []);
  return view;
};
