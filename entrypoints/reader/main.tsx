import './style.css';
import articles from 'virtual:meipi-seeds';
import { render } from 'preact';
import { ArticleList, type ArticleListLabels } from '@/components/reader/ArticleList';
import { ArticleView, type ArticleViewLabels } from '@/components/reader/ArticleView';
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
  document.documentElement.lang = browser.i18n.getUILanguage();
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
}

main();
