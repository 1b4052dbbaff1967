/** The page's own background decides our UI's theme (a dark site in a light OS gets a dark toolbar). */
export function detectTheme(doc: Document): 'light' | 'dark' {
  const view = doc.defaultView;
  if (!view) return 'light';
  for (const element of [doc.body, doc.documentElement]) {
    if (!element) continue;
    const luminance = luminanceOf(view.getComputedStyle(element).backgroundColor);
    if (luminance !== null) return luminance < 0.4 ? 'dark' : 'light';
  }
  // Transparent all the way down: the canvas is dark only if the page opted into a dark colour scheme.
  const scheme = view.getComputedStyle(doc.documentElement).colorScheme;
  const prefersDark = view.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return prefersDark && /dark/.test(scheme) ? 'dark' : 'light';
}

/** Relative luminance (0–1) of an opaque-enough CSS rgb()/rgba() colour; null when transparent or unparsable. */
export function luminanceOf(color: string): number | null {
  const match = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)/.exec(color);
  if (!match) return null;
  const alphaText = match[4];
  const alpha =
    alphaText === undefined
      ? 1
      : alphaText.endsWith('%')
        ? Number.parseFloat(alphaText) / 100
        : Number(alphaText);
  if (alpha < 0.5) return null;
  const [r, g, b] = [match[1], match[2], match[3]].map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Dark pages need stronger tints than the manifest CSS's defaults (which follow the OS scheme, not
 * the page). The page's DOM stays untouched: a constructed stylesheet is adopted by the document,
 * which page CSP does not block.
 */
const DARK_PAGE_TINTS = Object.entries({
  yellow: '255 210 0 / 0.5',
  green: '70 210 120 / 0.45',
  blue: '90 165 255 / 0.48',
  pink: '255 110 180 / 0.5',
  purple: '175 130 255 / 0.5',
  focus: '255 150 20 / 0.7',
  pending: '100 160 255 / 0.45',
})
  .map(([name, rgb]) => `::highlight(meipi-${name}){background-color:rgb(${rgb})}`)
  .join('');
const darkSheets = new WeakMap<Document, CSSStyleSheet>();

export function applyDarkPageTints(doc: Document, dark: boolean): void {
  const view = doc.defaultView;
  if (!view || !('adoptedStyleSheets' in doc) || typeof view.CSSStyleSheet !== 'function') return;
  let sheet = darkSheets.get(doc);
  const adopted = doc.adoptedStyleSheets.includes(sheet as CSSStyleSheet);
  if (dark && !adopted) {
    if (!sheet) {
      sheet = new view.CSSStyleSheet();
      sheet.replaceSync(DARK_PAGE_TINTS);
      darkSheets.set(doc, sheet);
    }
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } else if (!dark && adopted) {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
  }
}
