import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotation } from '@/lib/db';
import { contents, type Device, input, makeDevice, newFolder } from './devices';

const devices: Device[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

describe('sync file encoding', () => {
  it('writes bodies as gzip (.json.gz) and still reads encoding 1’s bare JSON (.json)', async () => {
    const folder = newFolder();
    const a = makeDevice(folder);
    devices.push(a);
    await createAnnotation(a.db, input('胡同里的槐树', '老北京的夏天', 1));
    await a.sync();
    const [name] = [...folder.files.keys()].filter((n) => n.startsWith('c-'));
    expect(name).toMatch(/^c-[0-9a-z-]+-\d{10}\.json\.gz$/);
    const data = folder.files.get(name ?? '')?.data ?? new Uint8Array();
    expect([data[0], data[1]]).toEqual([0x1f, 0x8b]);
    const json = gunzipSync(data);
    expect(json.toString('utf8')).toContain('老北京的夏天');

    // The same batch as a device before gzip wrote it.
    folder.files.delete(name ?? '');
    folder.put((name ?? '').replace(/\.gz$/, ''), new Uint8Array(json));
    const b = makeDevice(folder);
    devices.push(b);
    expect(await b.sync()).toMatchObject({ applied: 1, skipped: [] });
    expect(await contents(b)).toEqual(await contents(a));
  });
});
