// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { SyncApi } from '../../../../components/common/sync';
import { SyncLine } from '../../../../components/popup/SyncLine';
import type { SyncStatusView } from '../../../../lib/messaging/protocol';
import { translator } from '../common/catalogue';
import { host, useRenderHost } from '../render-host';

const t = translator('zh_CN');
const IDLE: SyncStatusView = {
  state: 'idle',
  lastSyncedAt: null,
  pending: 4,
  lastError: null,
  conflicts: 0,
  skipped: 0,
  progress: null,
};

useRenderHost();

function api(status: SyncStatusView): SyncApi {
  return {
    settings: vi.fn(async () => null),
    status: vi.fn(async () => status),
    save: vi.fn(async () => ({ ok: true as const })),
    syncNow: vi.fn(async () => ({
      ...IDLE,
      pending: 0,
      state: 'error' as const,
      lastError: { kind: 'offline' as const, message: '' },
    })),
    turnOff: vi.fn(async () => ({ ...IDLE, state: 'off' as const })),
    onStatus: () => () => {},
  };
}
async function mount(sync: SyncApi) {
  await act(async () => {
    render(<SyncLine t={t} locale="zh-CN" api={sync} />, host);
  });
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
const q = (id: string) => host.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);

it('shows nothing while sync is off', async () => {
  await mount(api({ ...IDLE, state: 'off' }));
  expect(host.textContent).toBe('');
});

it('shows the status and syncs at once on 立即同步', async () => {
  const sync = api(IDLE);
  await mount(sync);
  expect(q('popup-sync-status')?.textContent).toBe('尚未同步 · 4 处更改待同步');
  await act(async () => q('popup-sync-now')?.click());
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  expect(sync.syncNow).toHaveBeenCalledOnce();
  expect(q('popup-sync-status')?.textContent).toBe('同步失败：连不上服务器（离线，或地址不对）');
});
