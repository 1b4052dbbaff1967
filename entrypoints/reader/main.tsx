import './style.css';
import articles from 'virtual:meipi-seeds';
import { render } from 'preact';
import { ArticleList, type ArticleListLabels } from '@/components/reader/ArticleList';
import { ArticleView, type ArticleViewLabels } from '@/components/reader/ArticleView';
import { type Annotator, messengerStore, mountReaderAnnotator, pageMessageHandlers } from '@/lib/annotator';
// The file, not the lib/browser index: the index also reaches Dexie and jieba.
import { answerTabMessages, background, uiLocale } from '@/lib/browser/env';
import { lastColor } from '@/lib/browser/last-color';
import { articleUri } from '@/lib/db/source';
import type { Article } from '@/lib/seeds';

const t = browser.i18n.getMessage;
const kind: Record<Article['kind'], string> = { article: t('kindArticle'), photo: t('kindPhoto') };
const listLabels: ArticleListLabels = {
  heading: t('readerHeading'),
  intro: t('readerIntro'),
  kind,
  paragraphs: (count) => t('paragraphCount', String(count)),
};
const viewLabels: ArticleViewLabels = {
  back: t('readerBack'),
  kind,
  byline: (article) =>
    article.kind === 'photo' ? t('bylinePhoto', article.byline ?? '') : (article.byline ?? ''),
};

const hrefFor = (article: Article) => `?article=${encodeURIComponent(article.id)}`;

function main() {
  const app = document.getElementById('app');
  if (!app) return;
  document.documentElement.lang = uiLocale();
  const articleId = new URLSearchParams(location.search).get('article');
  if (articleId === null) {
    document.title = t('readerTitle');
    render(<ArticleList articles={articles} hrefFor={hrefFor} labels={listLabels} />, app);
    return;
  }
  const article = articles.find((a) => a.id === articleId);
  if (!article) {
    render(
      <main>
        <a class="back-link" href="reader.html">
          {viewLabels.back}
        </a>
        <p class="not-found">{t('readerNotFound')}</p>
      </main>,
      app,
    );
    return;
  }
  document.title = `${article.title} · ${t('extName')}`;
  render(<ArticleView article={article} backHref="reader.html" labels={viewLabels} />, app);
  const body = app.querySelector('[data-testid="article-body"]');
  if (body) startAnnotating(body, article, new URLSearchParams(location.search).get('annotation'));
}

/** Highlights on the article: the same toolbar, card and painting as on web pages. */
function startAnnotating(body: Element, article: Article, focusId: string | null) {
  const source = articleUri(article.id);
  const annotator: Annotator = mountReaderAnnotator(body, {
    source,
    title: article.title,
    store: messengerStore(background),
    locale: uiLocale(),
    lastColor,
    onError: (error) => console.error('Meipi reader:', error),
  });
  if (focusId) {
    // Opened from search: scroll to the passage once it has been anchored and painted.
    const unsubscribe = annotator.subscribe((event) => {
      if (event === 'annotations' && annotator.focus(focusId)) unsubscribe();
    });
  }
  // The background's requests to this tab, as to a web page's content script: the context menu
  // and the keyboard command, and edits made in the popup, the library or another reader tab
  // ('page/changed': this tab's own edits come back too, and are already applied).
  const placed = new Promise<void>((resolve) => {
    const unsubscribe = annotator.subscribe((event) => {
      if (event !== 'annotations') return;
      unsubscribe();
      resolve();
    });
  });
  answerTabMessages(pageMessageHandlers(annotator, () => placed));
}

main();
