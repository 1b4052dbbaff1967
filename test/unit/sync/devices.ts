import { type Annotation, listAnnotations, type MeipiDatabase, openDatabase } from '@/lib/db';
import {
  MemoryFolder,
  MemoryRemote,
  newDeviceState,
  type SyncDeviceState,
  type SyncReport,
  syncOnce,
} from '@/lib/sync';

// Devices for sync tests: each its own fake-indexeddb database, state and MemoryRemote on one folder.

export interface Device {
  db: MeipiDatabase;
  remote: MemoryRemote;
  state: SyncDeviceState;
  passphrase: string;
  /** Every state saveState was given, in order. */
  saved: SyncDeviceState[];
  sync(): Promise<SyncReport>;
}

export function makeDevice(folder: MemoryFolder, passphrase = ''): Device {
  const device: Device = {
    db: openDatabase(`sync-${crypto.randomUUID()}`),
    remote: new MemoryRemote(folder),
    state: newDeviceState(),
    passphrase,
    saved: [],
    sync: () =>
      syncOnce({
        db: device.db,
        remote: device.remote,
        state: device.state,
        passphrase: device.passphrase,
        saveState: async (state) => {
          device.state = state;
          device.saved.push(state);
        },
      }),
  };
  return device;
}

export function newFolder(): MemoryFolder {
  return new MemoryFolder();
}

export async function contents(device: Device): Promise<Annotation[]> {
  return (await listAnnotations(device.db)).sort((a, b) => a.id.localeCompare(b.id));
}

export const input = (quote: string, note: string, n = 0) => ({
  source: `https://news.example.cn/2024/${n}.html`,
  title: `成都日报 第${n}版`,
  quote,
  selectors: [
    { type: 'TextQuoteSelector' as const, exact: quote, prefix: '前文', suffix: '后文' },
    { type: 'TextPositionSelector' as const, start: 10 * n, end: 10 * n + quote.length },
  ],
  color: 'green' as const,
  note,
  tags: ['环保', `第${n}条`],
});

/** Syncs every device in turn until a round changes nothing (at most `rounds`). */
export async function settle(devices: Device[], rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    let moved = 0;
    for (const d of devices) {
      const r = await d.sync();
      moved += r.uploaded + r.applied;
    }
    if (moved === 0) return;
  }
}
