'use client';

import dynamic from 'next/dynamic';

// Rendered in the browser only. Server-rendered, the JSX `<template>` would break hydration:
// the browser's parser puts the template's children in its `content`, React then finds none
// where it rendered them and reports error #418 on every visit. (The host has nothing to show
// before the run anyway: what it shows depends on the link.)
export const OneClickDrawnClient = dynamic(
  () => import('./one-click-drawn').then((m) => m.OneClickDrawn),
  { ssr: false },
);
