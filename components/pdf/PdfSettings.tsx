import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../common/messages';

/** The opt-in "open every PDF in Meipi" (lib/browser/pdf-tabs.ts in the extension). */
export interface PdfSettingsApi {
  opensAllPdfs(): Promise<boolean>;
  setOpensAllPdfs(on: boolean): Promise<void>;
  /** The browser has a per-extension "Allow access to file URLs" switch (Chromium; not Firefox). */
  fileUrlsSwitch: boolean;
}

export interface PdfSettingsProps {
  t: Translate;
  api: PdfSettingsApi;
}

/** The library's PDF section: the opt-in, and how local files become readable. */
export function PdfSettings({ t, api }: PdfSettingsProps) {
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void api.opensAllPdfs().then((value) => live && setOn(value));
    return () => {
      live = false;
    };
  }, [api]);
  return (
    <section class="pdf-settings" aria-labelledby="pdf-settings-heading" data-testid="pdf-settings">
      <h2 id="pdf-settings-heading">{t('pdfSettingsHeading')}</h2>
      <label>
        <input
          type="checkbox"
          data-testid="pdf-open-all"
          checked={on === true}
          disabled={on === null}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            setOn(next);
            void api.setOpensAllPdfs(next);
          }}
        />{' '}
        {t('pdfOpenAll')}
      </label>
      <p class="hint">{t(api.fileUrlsSwitch ? 'pdfFileAccess' : 'pdfFileDropOnly')}</p>
    </section>
  );
}
