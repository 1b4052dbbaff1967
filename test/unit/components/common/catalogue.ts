import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MessageKey, Translate } from '../../../../components/common/messages';

export type Catalogue = Record<string, { message: string }>;

export function catalogue(locale: 'en' | 'zh_CN'): Catalogue {
  return JSON.parse(readFileSync(resolve(process.cwd(), `public/_locales/${locale}/messages.json`), 'utf8'));
}

/** browser.i18n.getMessage over the real catalogue: $1…$9 replaced by the substitutions. */
export function translator(locale: 'en' | 'zh_CN' = 'en'): Translate {
  const messages = catalogue(locale);
  return (key: MessageKey, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) throw new Error(`missing message ${key}`);
    const subs =
      substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return entry.message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  };
}
