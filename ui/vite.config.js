import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const server = 'http://127.0.0.1:8080'

// The server refuses cookie-authenticated writes whose Origin is not its own, so the
// dev proxy presents the server's origin instead of the dev server's.
const proxy = {
  '/api': { target: server, changeOrigin: true, headers: { origin: server } },
  '/healthz': { target: server, changeOrigin: true },
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is installed whole; its chunk is ~1 MB minified (~300 kB gzipped).
    chunkSizeWarningLimit: 1200,
  },
})
