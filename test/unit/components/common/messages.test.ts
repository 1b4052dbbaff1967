import { describe, expect, it } from 'vitest';
import { MESSAGE_KEYS } from '../../../../components/common/messages';
import { catalogue } from './catalogue';

describe('popup and library strings', () => {
  const zh = catalogue('zh_CN');
  const en = catalogue('en');

  it('has every key the UI uses in both locales, non-empty', () => {
    for (const key of MESSAGE_KEYS) {
      expect(zh[key]?.message, `zh_CN ${key}`).toBeTruthy();
      expect(en[key]?.message, `en ${key}`).toBeTruthy();
    }
  });

  it('uses the same substitutions in both locales', () => {
    const slots = (text: string) => [...new Set(text.match(/\$\d/g) ?? [])].sort();
    for (const key of MESSAGE_KEYS) {
      expect(slots(zh[key]?.message ?? ''), key).toEqual(slots(en[key]?.message ?? ''));
    }
  });
});
