import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'

// The Go binary embeds web/dist with `//go:embed all:dist`; the committed
// file dist/.gitkeep must exist after every build (emptyOutDir removes it).
function keepGitkeep(): Plugin {
  return {
    name: 'edubureau-keep-gitkeep',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '.gitkeep', source: '' })
    },
  }
}

const backend = 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [vue(), keepGitkeep()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
})
