// Read by the Svelte plugin, svelte-check and eslint-plugin-svelte alike.
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
};
