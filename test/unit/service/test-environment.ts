import type { MeipiDatabase } from '@/lib/db';
import type { ServiceEnvironment } from '@/lib/service';

/** A background environment with no browser behind it: search finds nothing, tabs don't exist. */
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
    ...overrides,
  };
}
