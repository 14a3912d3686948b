'use client';

import dynamic from 'next/dynamic';

// The 1-click host renders in the browser only. Server-rendered, its JSX `<template>` would
// break hydration: the browser's parser puts the template's children in its `content`, React
// then finds none where it rendered them and reports error #418 on every visit. (The host has
// nothing to show before its script runs anyway: what it shows depends on the link.)
export const OneClickClient = dynamic(() => import('./one-click').then((m) => m.OneClick), {
  ssr: false,
});
