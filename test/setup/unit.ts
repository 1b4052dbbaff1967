// Every unit test gets a fresh in-memory IndexedDB; DOM tests opt in with `// @vitest-environment happy-dom`.
import 'fake-indexeddb/auto';

// The extension loads the pinyin table from /pinyin.json (built by wxt.config.ts); Node builds it in place.
import { buildPinyinTable } from '../../lib/search/build-pinyin-table';
import { usePinyinTable } from '../../lib/search/pinyin-table';

usePinyinTable(buildPinyinTable());
