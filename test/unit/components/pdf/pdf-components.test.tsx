// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { PdfNotice } from '../../../../components/pdf/PdfNotice';
import { PdfSettings } from '../../../../components/pdf/PdfSettings';
import { translator } from '../common/catalogue';
import { host, settle, useRenderHost } from '../render-host';

const t = translator('en');
useRenderHost();

describe('PDF components', () => {
  it('the library section turns "open every PDF in Meipi" on and off', async () => {
    const api = {
      opensAllPdfs: vi.fn(async () => false),
      setOpensAllPdfs: vi.fn(async () => {}),
      fileUrlsSwitch: true,
    };
    await act(async () => {
      render(<PdfSettings t={t} api={api} />, host);
    });
    await settle();
    const box = host.querySelector<HTMLInputElement>('[data-testid="pdf-open-all"]');
    expect(box?.checked).toBe(false);
    expect(host.textContent).toContain('Allow access to file URLs');
    await act(async () => box?.click());
    expect(api.setOpensAllPdfs).toHaveBeenCalledWith(true);
  });

  it('where the browser has no file-URL switch (Firefox), says to drop or pick a local PDF instead', async () => {
    const api = {
      opensAllPdfs: vi.fn(async () => false),
      setOpensAllPdfs: vi.fn(async () => {}),
      fileUrlsSwitch: false,
    };
    await act(async () => {
      render(<PdfSettings t={t} api={api} />, host);
    });
    await settle();
    expect(host.textContent).not.toContain('Allow access to file URLs');
    expect(host.textContent).toContain('drop the file here or choose it with “Open a local PDF…”');
  });

  it('the password prompt hands the typed password over', async () => {
    const onPassword = vi.fn();
    await act(async () => {
      render(
        <PdfNotice kind="password" text={t('pdfPassword')} submit={t('pdfOpen')} onPassword={onPassword} />,
        host,
      );
    });
    const input = host.querySelector<HTMLInputElement>('[data-testid="pdf-password"]') as HTMLInputElement;
    await act(async () => {
      input.value = 'secret';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () =>
      host.querySelector<HTMLButtonElement>('[data-testid="pdf-password-submit"]')?.click(),
    );
    expect(onPassword).toHaveBeenCalledWith('secret');
  });
});
