import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../../lib/seeds';

const SOURCE = '000_28a013f78859e9ef.txt';
const text = readFileSync(new URL(`../../../seeds/${SOURCE}`, import.meta.url), 'utf8');
const articles = parseSeed(text, SOURCE);
const allText = (): string[] =>
  articles.flatMap((a) => [a.title, a.subtitle ?? '', a.byline ?? '', ...a.paragraphs]);

describe(`parseSeed on seeds/${SOURCE}`, () => {
  it('finds the five items in page order, with their titles, subtitles, bylines and kinds', () => {
    expect(articles.map(({ title, subtitle, byline, kind }) => ({ title, subtitle, byline, kind }))).toEqual([
      {
        title: '国家基本公共服务标准化试点经验交流现场会在成都召开',
        subtitle: undefined,
        byline: '记者 赵青',
        kind: 'article',
      },
      {
        title: '宜昌市“三年行动计划”夯实创建全国文明典范城市基础',
        subtitle: '以创典范的实际成效奋进新征程建功新时代',
        byline: '杨初',
        kind: 'article',
      },
      { title: '天津年内创建垃圾分类示范街镇社区', subtitle: undefined, byline: '刘超', kind: 'article' },
      {
        title: '吉安：“关爱留守儿童，播洒爱心阳光”文明实践活动',
        subtitle: undefined,
        byline: '李军',
        kind: 'photo',
      },
      {
        title: '曲靖市麒麟区新时代文明实践助力党史学习教育',
        subtitle: undefined,
        byline: '张红艳 杨柳',
        kind: 'article',
      },
    ]);
  });

  it('omits absent optional fields and records the source', () => {
    expect(Object.keys(articles[0] ?? {})).toEqual(['id', 'title', 'byline', 'kind', 'paragraphs', 'source']);
    expect(articles.every((a) => a.source === SOURCE)).toBe(true);
  });

  it('re-joins paragraphs split by page and column breaks', () => {
    expect(articles.map((a) => a.paragraphs.length)).toEqual([4, 6, 3, 1, 4]);
    const joined = allText().join('\n');
    for (const piece of [
      '财政部印发通知',
      '标准制定地',
      '群众想什么',
      '中国共产党成立100周年',
      '锦江区两个点位',
    ]) {
      expect(joined).toContain(piece);
    }
    expect(articles[4]?.paragraphs[2]).toMatch(
      /^深化内容，志愿服务惠民。.*乡贤、企业职工.*推动自建房测量放线、农村食品安全/u,
    );
  });

  it('moves the 本报讯 marker into the byline and keeps the paragraph readable', () => {
    expect(articles[0]?.paragraphs[0]).toBe(
      '7月23日，国家基本公共服务标准化试点经验交流现场会在四川成都召开。',
    );
    expect(articles[1]?.paragraphs[0]).toMatch(/^湖北省宜昌市在连续取得/u);
    expect(articles[2]?.paragraphs[0]).toMatch(/^连日来，天津市城市管理系统/u);
    expect(allText().some((t) => t.includes('本报讯'))).toBe(false);
  });

  it('keeps the photo caption whole, without the credit line', () => {
    const [caption] = articles[3]?.paragraphs ?? [];
    expect(caption).toMatch(/^近日，江西省吉安市吉州区兴桥镇/u);
    expect(caption).toMatch(/通过网络视频与亲人进行视频对话。$/u);
  });

  it('keeps the masthead and the boxed contest ad out of every article', () => {
    const joined = allText().join('\n');
    for (const ad of ['精神文明网', '官方微信', '片仔癀', '征文', '全国文明单位', '联办', '**']) {
      expect(joined).not.toContain(ad);
    }
  });

  it('uses full-width punctuation in Chinese text and leaves numbers alone', () => {
    const joined = allText().join('\n');
    expect(joined).not.toMatch(/[,():;!?]/u);
    expect(articles[1]?.paragraphs[2]).toContain('社区（村）阵地');
    expect(articles[4]?.paragraphs[1]).toContain('（进机关、进社区、进学校、进企业、进乡村、进单位），');
    expect(articles[4]?.paragraphs[3]).toContain('百部优秀影片300余场；');
  });

  it('reads the same seed saved with a BOM and Windows line ends identically', () => {
    expect(parseSeed(`\uFEFF${text.replace(/\n/gu, '\r\n')}`, SOURCE)).toEqual(articles);
  });

  it('gives ASCII, URL-safe ids that are unique and identical on every parse', () => {
    const ids = articles.map((a) => a.id);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^000_28a013f78859e9ef-[a-z0-9]+$/u);
    expect(parseSeed(text, SOURCE).map((a) => a.id)).toEqual(ids);
    expect(ids).toEqual([
      '000_28a013f78859e9ef-f30hyz',
      '000_28a013f78859e9ef-vbeh6p',
      '000_28a013f78859e9ef-1kx450u',
      '000_28a013f78859e9ef-17h4c45',
      '000_28a013f78859e9ef-e8tcnu',
    ]);
  });
});
