import { describe, expect, it } from 'vitest';
import { formatDate, sourceLabel } from '../../../../components/common/format';
import { translator } from './catalogue';

describe('formatDate', () => {
  const now = new Date(2026, 10, 28, 15, 0).getTime();

  it('shows a time for today, month and day this year, the full date before', () => {
    expect(formatDate(new Date(2026, 10, 28, 9, 5).getTime(), 'en-GB', now)).toBe('09:05');
    expect(formatDate(new Date(2026, 2, 3).getTime(), 'zh-CN', now)).toBe('3月3日');
    expect(formatDate(new Date(2025, 2, 3).getTime(), 'zh-CN', now)).toBe('2025年3月3日');
  });
});

describe('sourceLabel', () => {
  const t = translator('zh_CN');
  it('prefers the title, then host and path, then says untitled', () => {
    expect(sourceLabel(t, ' 故都的秋 ', 'https://example.com/a')).toBe('故都的秋');
    expect(sourceLabel(t, '', 'https://example.com/a/b?x=1')).toBe('example.com/a/b');
    expect(sourceLabel(t, '', 'meipi:article/x')).toBe('（无标题）');
  });
});
