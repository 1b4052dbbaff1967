// The database's name and current version without Dexie: schema.ts declares the versions, and
// the extension pages' direct reader (direct-read.ts) checks it is reading the layout it knows.

export const DEFAULT_DB_NAME = 'meipi';

/** The newest `version(n)` in schema.ts (test/unit/db/direct-read.test.ts holds the two equal). */
export const SCHEMA_VERSION = 6;
