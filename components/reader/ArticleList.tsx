import type { Article } from '@/lib/seeds';

export interface ArticleListLabels {
  heading: string;
  intro: string;
  kind: Record<Article['kind'], string>;
  paragraphs: (count: number) => string;
}

interface Props {
  articles: Article[];
  hrefFor: (article: Article) => string;
  labels: ArticleListLabels;
}

/** The reader's table of contents: one entry per bundled article. */
export function ArticleList({ articles, hrefFor, labels }: Props) {
  return (
    <main class="reader-index">
      <header>
        <h1>{labels.heading}</h1>
        <p class="reader-intro">{labels.intro}</p>
      </header>
      <ol class="article-list">
        {articles.map((article) => (
          <li key={article.id} class="article-entry">
            <a data-testid="article-link" href={hrefFor(article)}>
              {article.title}
            </a>
            {article.subtitle && <div class="article-entry-subtitle">{article.subtitle}</div>}
            <div class="article-entry-meta">
              <span class={`kind-badge kind-${article.kind}`}>{labels.kind[article.kind]}</span>
              {article.byline && <span>{article.byline}</span>}
              <span>{labels.paragraphs(article.paragraphs.length)}</span>
            </div>
          </li>
        ))}
      </ol>
    </main>
  );
}
