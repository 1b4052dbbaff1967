import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotation } from '@/lib/db';
import { META_FILE, SyncError } from '@/lib/sync';
import { contents, type Device, input, makeDevice, newFolder } from './devices';

const devices: Device[] = [];
function device(folder = newFolder(), passphrase = ''): Device {
  const d = makeDevice(folder, passphrase);
  devices.push(d);
  return d;
}

function snapshotOf(folder: ReturnType<typeof newFolder>): Map<string, string> {
  return new Map([...folder.files].map(([name, f]) => [name, `${f.etag}:${f.data.join(',')}`]));
}

async function refusal(d: Device): Promise<SyncError> {
  const error = await d.sync().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe('end-to-end encryption', () => {
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.db.delete();
  });

  it('the server’s files hold no quote, note, tag, title or URL; B with the passphrase reads them', async () => {
    const folder = newFolder();
    const a = device(folder, '正确的口令 correct horse');
    const b = device(folder, '正确的口令 correct horse');
    const secrets = [
      '垃圾分类志愿服务',
      '只有我知道的笔记',
      '私密标签',
      '机密报道标题',
      'secret.example.org',
    ];
    await createAnnotation(a.db, {
      source: 'https://secret.example.org/page',
      title: '机密报道标题',
      quote: '垃圾分类志愿服务',
      selectors: [{ type: 'TextQuoteSelector', exact: '垃圾分类志愿服务' }],
      note: '只有我知道的笔记',
      tags: ['私密标签'],
    });
    await a.sync();
    const names = [...folder.files.keys()];
    expect(names.some((n) => n.endsWith('.bin'))).toBe(true);
    const text = folder.text();
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(
      new TextDecoder().decode(
        folder.files.get(names.find((n) => n.endsWith('.bin')) ?? '')?.data.slice(0, 4),
      ),
    ).toBe('MPE1');
    await b.sync();
    expect(await contents(b)).toEqual(await contents(a));
  });

  it('refuses a wrong passphrase before writing anything', async () => {
    const folder = newFolder();
    const a = device(folder, 'right');
    await createAnnotation(a.db, input('甲', '笔记', 1));
    await a.sync();
    const b = device(folder, 'wrong');
    await createAnnotation(b.db, input('乙', 'B 的', 2));
    const before = snapshotOf(folder);
    const error = await refusal(b);
    expect(error.kind).toBe('wrong-passphrase');
    expect(snapshotOf(folder)).toEqual(before);
    expect((await contents(b)).map((n) => n.note)).toEqual(['B 的']);
  });

  it('asks for the passphrase of an encrypted folder, and will not put a passphrase on a plain one', async () => {
    const secret = newFolder();
    await device(secret, 'pass').sync();
    expect(secret.files.has(META_FILE)).toBe(true);
    const before = snapshotOf(secret);
    expect((await refusal(device(secret, ''))).kind).toBe('needs-passphrase');
    expect(snapshotOf(secret)).toEqual(before);

    const plain = newFolder();
    const first = device(plain, '');
    await createAnnotation(first.db, input('明文', '明文笔记', 1));
    await first.sync();
    const readable = [...plain.files.values()].map((f) =>
      f.data[0] === 0x1f ? gunzipSync(f.data).toString('utf8') : new TextDecoder().decode(f.data),
    );
    expect(readable.join('\n')).toContain('明文笔记');
    const plainBefore = snapshotOf(plain);
    expect((await refusal(device(plain, 'pass'))).kind).toBe('not-encrypted');
    expect(snapshotOf(plain)).toEqual(plainBefore);
  });
});
