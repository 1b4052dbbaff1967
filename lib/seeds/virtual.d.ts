// Built by the `bundledSeeds` plugin in wxt.config.ts: every seed in seeds/, parsed at build time.
declare module 'virtual:meipi-seeds' {
  import type { Article } from './types';

  const articles: Article[];
  export default articles;
}
