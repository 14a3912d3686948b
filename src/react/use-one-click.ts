import { type Options, type Result, run, type State, type StateDetail } from 'og-oca';
import { type RefObject, useEffect, useState } from 'react';

/** Options of {@link useOneClick}: those of `run()`, with the host as a ref. */
export interface OneClickOptions extends Omit<Options, 'target' | 'render' | 'signal' | 'onState'> {
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

/** The outcome a final state stands for. */
const resultOf = (state: State, { action, params, error, recovered }: StateDetail) =>
  state === 'success'
    ? ({ status: 'success', action: action!, params, ...(recovered && { recovered }) } as const)
    : state === 'error'
      ? ({ status: 'error', action, params, error: error! } as const)
      : undefined;

/**
 * Runs the page's 1-click link once the component mounts, and follows it: the request is sent
 * once however often React mounts the component (StrictMode included), and an unmount stops
 * the run's waits (never a request already sent). Options are read on the first mount.
 */
export const useOneClick = (options: OneClickOptions = {}): OneClick => {
  const [view, setView] = useState(IDLE);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one run per page, on mount.
  useEffect(() => {
    const controller = new AbortController();
    const { target, ...rest } = options;
    const host = target?.current;
    run({
      ...rest,
      ...(host ? { target: host } : { render: false }),
      signal: controller.signal,
      onState: (state, detail) =>
        setView({
          state,
          message: detail.message,
          result: resultOf(state, detail),
          confirm: detail.confirm,
          retry: detail.retry,
        }),
    }).then((result) => {
      if (!controller.signal.aborted) setView((now) => (now.result ? now : { ...now, result }));
    });
    return () => controller.abort();
  }, []);
  return view;
};
