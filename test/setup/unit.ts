// Every unit test gets a fresh in-memory IndexedDB; DOM tests opt in with `// @vitest-environment happy-dom`.
import 'fake-indexeddb/auto';
