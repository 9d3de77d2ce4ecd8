// The dashboard's build (issue 12): web/ is its own root, built to web/dist, served at / by `npm start` on the
// same origin as the API (/v1). Each page is its own chunk (React.lazy in src/main.tsx), so the first page
// loads only its own code; uPlot is loaded with the pages that draw charts.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 300,
  },
  server: {
    // `npm run dev:web`-style use: the API of a running `trec serve` on 8080.
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
});
