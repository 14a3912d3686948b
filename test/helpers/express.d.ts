// express has no types of its own and @types/express is not installed: the tests use it only to
// mount og-oca's Node listener the way a merchant's Express app would.
declare module 'express' {
  import type { RequestListener } from 'node:http';

  interface App extends RequestListener {
    use(...handlers: unknown[]): App;
    post(path: string, ...handlers: unknown[]): App;
  }
  interface Express {
    (): App;
    json(options?: unknown): unknown;
    raw(options?: unknown): unknown;
    text(options?: unknown): unknown;
  }
  const express: Express;
  export default express;
}
