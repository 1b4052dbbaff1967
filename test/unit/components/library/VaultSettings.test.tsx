// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import {
  type VaultApi,
  type VaultPageView,
  VaultSettings,
} from '../../../../components/library/VaultSettings';
import { translator } from '../common/catalogue';
import { host, settle, useRenderHost } from '../render-host';

const zh = translator('zh_CN');
const en = translator('en');

const NONE: VaultPageView = { folder: null, auto: true, deleted: 'mark', status: null, permission: null };
const CHOSEN: VaultPageView = {
  folder: 'Obsidian',
  auto: true,
  deleted: 'mark',
  status: null,
  permission: 'granted',
};

function fakeVault(first: VaultPageView, overrides: Partial<VaultApi> = {}) {
  let listener: ((view: VaultPageView) => void) | undefined;
  const api: VaultApi = {
    canPick: true,
    watch(next) {
      listener = next;
      next(first);
      return () => {
        listener = undefined;
      };
    },
    pick: vi.fn(async () => true),
    regrant: vi.fn(async () => null),
    exportNow: vi.fn(async () => null),
    setAuto: vi.fn(async () => {}),
    setDeleted: vi.fn(async () => {}),
    downloadZip: vi.fn(async () => {}),
    ...overrides,
  };
  const push = (view: VaultPageView) => act(() => listener?.(view));
  return { api, push };
}

useRenderHost();

async function mount(api: VaultApi, t = zh) {
  await act(async () => {
    render(<VaultSettings t={t} locale="zh-CN" api={api} />, host);
  });
  await settle();
}
const q = (id: string) => host.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
const status = () => q('vault-status')?.textContent ?? '';
async function click(id: string) {
  await act(async () => q(id)?.click());
  await settle();
}

describe('VaultSettings', () => {
  it('offers to choose a folder, and exports into it once chosen', async () => {
    const { api } = fakeVault(NONE);
    await mount(api);
    expect(status()).toBe('还没有选择文件夹');
    expect(q('vault-export-now')).toBeNull();
    expect(q('vault-auto')).toBeNull();
    await click('vault-pick');
    expect(api.pick).toHaveBeenCalledOnce();
    expect(api.exportNow).toHaveBeenCalledOnce();
  });

  it('exports nothing when the picker is cancelled', async () => {
    const { api } = fakeVault(NONE, { pick: vi.fn(async () => false) });
    await mount(api);
    await click('vault-pick');
    expect(api.exportNow).not.toHaveBeenCalled();
  });

  it('shows the last export, exports now, and switches automatic export', async () => {
    const { api } = fakeVault({
      ...CHOSEN,
      status: { state: 'done', at: Date.now(), written: 3, unchanged: 7 },
    });
    await mount(api);
    expect(status()).toMatch(/^已导出到「Obsidian」（.+）：写入 3 个文件，7 个没有变化$/);
    expect(q('vault-auto')?.checked).toBe(true);
    await click('vault-export-now');
    expect(api.exportNow).toHaveBeenCalledOnce();
    await click('vault-auto');
    expect(api.setAuto).toHaveBeenCalledWith(false);
    expect(api.exportNow).toHaveBeenCalledOnce();
  });

  it('asks for permission again when the browser dropped it: 需要重新授权 and a button, no export button', async () => {
    const { api, push } = fakeVault({ ...CHOSEN, permission: 'prompt' });
    await mount(api);
    expect(status()).toContain('需要重新授权');
    expect(q('vault-status')?.getAttribute('role')).toBe('alert');
    expect(q('vault-export-now')).toBeNull();
    await click('vault-regrant');
    expect(api.regrant).toHaveBeenCalledOnce();
    // The background found it dropped, too.
    await push({ ...CHOSEN, status: { state: 'needs-permission', at: 1 } });
    expect(q('vault-regrant')).not.toBeNull();
  });

  it('says plainly when the folder is gone or not writable, and that nothing is lost', async () => {
    const { api, push } = fakeVault({ ...CHOSEN, status: { state: 'missing', at: 1 } }, {});
    await mount(api, en);
    expect(status()).toBe(
      'Folder “Obsidian” is gone (moved or deleted): choose it again. Your notes are all still in Meipi.',
    );
    expect(q('vault-pick')?.textContent).toBe('Choose another folder…');
    await push({ ...CHOSEN, status: { state: 'not-writable', at: 1 } });
    expect(status()).toContain("Can't write to folder “Obsidian”");
  });

  it('downloads the zip, and offers only that where the browser has no folder picker', async () => {
    const { api } = fakeVault(NONE, { canPick: false });
    await mount(api);
    expect(q('vault-pick')).toBeNull();
    await click('vault-zip');
    expect(api.downloadZip).toHaveBeenCalledOnce();
  });

  it('lets the reader choose what re-export does with highlights deleted in Meipi, and applies it at once', async () => {
    const { api, push } = fakeVault(CHOSEN);
    await mount(api);
    const select = host.querySelector<HTMLSelectElement>('[data-testid="vault-deleted"]');
    expect(select?.value).toBe('mark');
    expect([...(select?.options ?? [])].map((o) => o.textContent)).toEqual([
      '保留原段落，标记“已在眉批中删除”',
      '从笔记中移除（你改过的段落保留）',
    ]);
    await act(async () => {
      if (!select) return;
      select.value = 'remove';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(api.setDeleted).toHaveBeenCalledWith('remove');
    expect(api.exportNow).toHaveBeenCalledTimes(1);
    await push({ ...CHOSEN, deleted: 'remove' });
    expect(select?.value).toBe('remove');
  });

  it('shows a failed export in words', async () => {
    const { api } = fakeVault(CHOSEN, { exportNow: vi.fn(async () => Promise.reject(new Error('x'))) });
    await mount(api);
    await click('vault-export-now');
    expect(status()).toBe('导出到文件夹「Obsidian」失败；笔记都还在眉批里');
  });
});
