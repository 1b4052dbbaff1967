import { render } from 'preact';

const t = browser.i18n.getMessage;

function Popup() {
  return (
    <main>
      <a href={browser.runtime.getURL('/reader.html')} target="_blank" rel="noreferrer">
        {t('openReader')}
      </a>
    </main>
  );
}

const app = document.getElementById('app');
if (app) render(<Popup />, app);
