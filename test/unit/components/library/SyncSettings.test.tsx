// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { type SyncApi, syncStatusText } from '../../../../components/common/sync';
import { Library, type LibraryApi } from '../../../../components/library/Library';
import { SyncSettings } from '../../../../components/library/SyncSettings';
import type { SyncFailureKind, SyncSettingsView, SyncStatusView } from '../../../../lib/messaging/protocol';
import { SYNC_OFF } from '../../../../lib/service/sync';
import { translator } from '../common/catalogue';
import { host, settle, useRenderHost } from '../render-host';

const en = translator('en');
const zh = translator('zh_CN');

const IDLE: SyncStatusView = { ...SYNC_OFF, state: 'idle' };
const OFF: SyncStatusView = SYNC_OFF;

function fakeSync(
  settings: SyncSettingsView | null,
  status: SyncStatusView,
  overrides: Partial<SyncApi> = {},
) {
  const listeners = new Set<(s: SyncStatusView) => void>();
  const api: SyncApi = {
    settings: vi.fn(async () => settings),
    status: vi.fn(async () => status),
    save: vi.fn(async () => ({ ok: true as const })),
    syncNow: vi.fn(async () => ({ ...IDLE, lastSyncedAt: Date.now() })),
    turnOff: vi.fn(async () => OFF),
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...overrides,
  };
  const push = async (next: SyncStatusView) => {
    await act(async () => {
      for (const listener of listeners) listener(next);
    });
  };
  return { api, push };
}

useRenderHost();

async function mount(api: SyncApi, t = en) {
  await act(async () => {
    render(<SyncSettings t={t} locale="en" api={api} />, host);
  });
  await settle();
}
const q = (id: string) => host.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
async function type(id: string, value: string) {
  const input = q(id);
  if (!input) throw new Error(`no ${id}`);
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(id: string) {
  await act(async () => q(id)?.click());
  await settle();
}

describe('SyncSettings', () => {
  it('starts off with empty fields; saving sends what was typed and shows the result', async () => {
    const { api } = fakeSync(null, OFF);
    await mount(api);
    expect(q('sync-status')?.textContent).toBe('Sync is off');
    expect(q('sync-now')?.disabled).toBe(true);
    expect(q('sync-password')?.type).toBe('password');
    expect(q('sync-passphrase')?.type).toBe('password');
    expect(host.textContent).toContain('end-to-end encrypted');

    await type('sync-url', ' http://127.0.0.1:8080/dav/ ');
    await type('sync-username', 'reader');
    await type('sync-password', 'app-pass');
    await type('sync-passphrase', '芝麻开门');
    vi.mocked(api.settings).mockResolvedValue({
      url: 'http://127.0.0.1:8080/dav/',
      username: 'reader',
      passwordSet: true,
      passphraseSet: true,
    });
    await click('sync-save');
    expect(api.save).toHaveBeenCalledWith({
      url: 'http://127.0.0.1:8080/dav/',
      username: 'reader',
      password: 'app-pass',
      passphrase: '芝麻开门',
    });
    expect(q('sync-message')?.textContent).toBe('Connected and saved');
    // Secrets leave the form once saved; the fields say one is kept.
    expect(q('sync-password')?.value).toBe('');
    expect(q('sync-passphrase')?.placeholder).toContain('leave empty to keep it');
    expect(q('sync-now')?.disabled).toBe(false);
  });

  it('keeps saved secrets when their fields stay empty (null), and sends a newly typed one', async () => {
    const saved = { url: 'https://dav.example/x/', username: 'u', passwordSet: true, passphraseSet: true };
    const { api } = fakeSync(saved, IDLE);
    await mount(api);
    expect(q('sync-url')?.value).toBe('https://dav.example/x/');
    expect(q('sync-password')?.value).toBe('');
    await type('sync-password', 'new-pass');
    await click('sync-save');
    expect(api.save).toHaveBeenCalledWith({
      url: 'https://dav.example/x/',
      username: 'u',
      password: 'new-pass',
      passphrase: null,
    });
  });

  it('says why a save was refused, in words, for each kind', async () => {
    const words: Record<SyncFailureKind, RegExp> = {
      auth: /Wrong user name or password \(401\)/,
      forbidden: /403/,
      'not-found': /Folder not found \(404\)/,
      'not-webdav': /not a WebDAV server/,
      full: /storage is full \(507\)/,
      tls: /TLS/,
      offline: /Cannot reach the server/,
      timeout: /took too long/,
      server: /server answered with an error/,
      'wrong-passphrase': /Wrong passphrase/,
      'needs-passphrase': /encrypted: enter its passphrase/,
      'not-encrypted': /not encrypted/,
      insecure: /Only https/,
      url: /Not a valid address/,
      internal: /went wrong/,
    };
    for (const [kind, pattern] of Object.entries(words) as [SyncFailureKind, RegExp][]) {
      const { api } = fakeSync(null, OFF, { save: vi.fn(async () => ({ ok: false as const, kind })) });
      await mount(api);
      await type('sync-url', 'https://dav.example/');
      await click('sync-save');
      expect(q('sync-status')?.textContent, kind).toMatch(/^Not saved: /);
      expect(q('sync-status')?.textContent, kind).toMatch(pattern);
      expect(q('sync-status')?.getAttribute('role')).toBe('alert');
      render(null, host);
    }
  });

  it('follows the background: progress, synced with pending changes, an error, conflicts', async () => {
    const { api, push } = fakeSync(
      { url: 'https://d/', username: '', passwordSet: false, passphraseSet: false },
      IDLE,
    );
    await mount(api);
    expect(q('sync-status')?.textContent).toBe('Not synced yet');
    await push({ ...IDLE, state: 'syncing', progress: { phase: 'upload', done: 3, total: 10 } });
    expect(q('sync-status')?.textContent).toBe('Syncing: uploaded 3 of 10');
    expect(q('sync-now')?.disabled).toBe(true);
    const today = new Date();
    const at = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 0, 7).getTime();
    await push({ ...IDLE, lastSyncedAt: at, pending: 2, conflicts: 1 });
    expect(q('sync-status')?.textContent).toMatch(/^Synced · 12:07 AM · 2 changes waiting to sync$/);
    expect(q('sync-conflicts')?.textContent).toContain('1 notes changed on both sides');
    await push({ ...IDLE, state: 'error', lastSyncedAt: at, lastError: { kind: 'full', message: '507' } });
    expect(q('sync-status')?.textContent).toMatch(/^Sync failed: The storage is full \(507\) · last success/);
  });

  it('syncs now and turns off', async () => {
    const { api } = fakeSync(
      { url: 'https://d/', username: 'u', passwordSet: true, passphraseSet: false },
      IDLE,
    );
    await mount(api);
    await click('sync-now');
    expect(api.syncNow).toHaveBeenCalledOnce();
    expect(q('sync-status')?.textContent).toMatch(/^Synced · /);
    await click('sync-off');
    expect(api.turnOff).toHaveBeenCalledOnce();
    expect(q('sync-status')?.textContent).toBe('Sync is off');
    expect(q('sync-message')?.textContent).toContain('removed from this browser');
    expect(q('sync-off')).toBeNull();
  });

  it('speaks Chinese: 已同步 with the time, 正在同步 with progress, the error in words', async () => {
    const at = new Date(2026, 0, 5, 9, 7).getTime();
    const now = new Date(2026, 0, 5, 12, 0).getTime();
    expect(syncStatusText(zh, 'zh-CN', { ...IDLE, lastSyncedAt: at }, now)).toBe('已同步 · 09:07');
    expect(
      syncStatusText(zh, 'zh-CN', {
        ...IDLE,
        state: 'syncing',
        progress: { phase: 'download', done: 5, total: 9 },
      }),
    ).toBe('正在同步：已下载 5/9');
    expect(
      syncStatusText(zh, 'zh-CN', { ...IDLE, state: 'error', lastError: { kind: 'auth', message: '' } }),
    ).toBe('同步失败：用户名或密码错误（401）');
    expect(syncStatusText(zh, 'zh-CN', { ...IDLE, pending: 3 })).toBe('尚未同步 · 3 处更改待同步');
  });

  it('is the library page’s 同步 section when the library is given a sync api', async () => {
    const { api } = fakeSync(null, OFF);
    const library = { search: vi.fn(), hrefFor: () => undefined } as unknown as LibraryApi;
    await act(async () => {
      render(<Library t={zh} locale="zh-CN" annotations={[]} api={library} sync={api} />, host);
    });
    await settle();
    expect(host.querySelector('#sync-heading')?.textContent).toBe('同步');
    expect(q('sync-status')?.textContent).toBe('同步未开启');
    for (const id of [
      'sync-url',
      'sync-username',
      'sync-password',
      'sync-passphrase',
      'sync-save',
      'sync-now',
    ])
      expect(q(id), id).not.toBeNull();
  });
});
