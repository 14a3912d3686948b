export type { OneClick, OneClickOptions } from './use-one-click.js';
export { useOneClick } from './use-one-click.js';
