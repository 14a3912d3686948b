/** {@link FOR_APPS} in `dist/oca.js`, the script tag: it draws every run (see `for-apps.ts`). */
export const FOR_APPS: boolean = false;
