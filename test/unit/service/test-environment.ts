import type { MeipiDatabase } from '@/lib/db';
import type { ServiceEnvironment } from '@/lib/service';
import { SYNC_OFF, type SyncService } from '@/lib/service/sync';

/** Sync that is off and stays off. */
const syncOff: SyncService = {
  settings: async () => null,
  save: async () => ({ ok: false, kind: 'url' }),
  turnOff: async () => SYNC_OFF,
  syncNow: async () => SYNC_OFF,
  status: async () => SYNC_OFF,
};

/** A background environment with no browser behind it: search finds nothing, tabs don't exist, sync is off. */
export function testEnvironment(
  db: MeipiDatabase,
  overrides: Partial<ServiceEnvironment> = {},
): ServiceEnvironment {
  return {
    db,
    search: async () => ({ hits: [], degraded: false, segmenter: 'ready' }),
    notifyChanged: () => {},
    openAnnotation: async () => {},
    maintainIndex: async () => 0,
    sync: syncOff,
    ...overrides,
  };
}
