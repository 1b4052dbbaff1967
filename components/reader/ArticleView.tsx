import type { Ref } from 'preact';
import type { Article } from '@/lib/seeds';

export interface ArticleViewLabels {
  back: string;
  kind: Record<Article['kind'], string>;
  byline: (article: Article) => string;
}

interface Props {
  article: Article;
  backHref: string;
  labels: ArticleViewLabels;
  /** The element highlights are anchored in: only the paragraphs, so positions stay stable. */
  bodyRef?: Ref<HTMLDivElement>;
}

export function ArticleView({ article, backHref, labels, bodyRef }: Props) {
  return (
    <main class={`reader-article kind-${article.kind}`}>
      <nav>
        <a class="back-link" href={backHref}>
          {labels.back}
        </a>
      </nav>
      <article>
        <header>
          <h1 data-testid="article-title">{article.title}</h1>
          {article.subtitle && <p class="article-subtitle">{article.subtitle}</p>}
          <p class="article-meta">
            <span class={`kind-badge kind-${article.kind}`}>{labels.kind[article.kind]}</span>
            {article.byline && <span class="article-byline">{labels.byline(article)}</span>}
          </p>
        </header>
        <div data-testid="article-body" class="article-body" ref={bodyRef}>
          {article.paragraphs.map((paragraph, index) => (
            // Paragraphs never reorder within a build, so the index is a stable key.
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      </article>
    </main>
  );
}
