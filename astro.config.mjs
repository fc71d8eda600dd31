// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  output: 'static',
  site: 'http://localhost:4321',
  trailingSlash: 'always',
  integrations: [mdx()],
  server: { host: '127.0.0.1', port: 4321 },
  // External script files (not inlined) so the Content-Security-Policy can forbid inline scripts.
  vite: { build: { assetsInlineLimit: 0, modulePreload: false } },
  build: { inlineStylesheets: 'always' },
});
