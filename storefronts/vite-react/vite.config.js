import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server and `vite preview` take their port from ../run.mjs (`--port`); nothing else
// differs from `npm create vite` with the react template.
export default defineConfig({
  plugins: [react()],
  server: { strictPort: true, host: '127.0.0.1' },
  preview: { strictPort: true, host: '127.0.0.1' },
});
