import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Article, parseSeed } from '../../../lib/seeds';
import { splitHeadline } from '../../../lib/seeds/headline';
import { endsSentence, firstCity, normalisePunctuation, startsWithPlace } from '../../../lib/seeds/text';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/seeds/${name}`, import.meta.url), 'utf8');
const parse = (text: string): Article[] => parseSeed(text, 'test.txt');
const summary = (articles: Article[]) =>
  articles.map(({ title, subtitle, byline, kind, paragraphs }) => ({
    title,
    subtitle,
    byline,
    kind,
    paragraphs,
  }));

describe('normalisePunctuation', () => {
  it.each([
    ['7月23日,国家', '7月23日，国家'],
    ['社区(村)阵地', '社区（村）阵地'],
    ['本报讯(记者 赵青)7月', '本报讯（记者 赵青）7月'],
    ['表示:要坚持;不放松', '表示：要坚持；不放松'],
    ['好!真的?', '好！真的？'],
    ['“好”,他说', '“好”，他说'],
    ['《规划》,“十四五”', '《规划》，“十四五”'],
    ['GDP(国内生产总值)', 'GDP（国内生产总值）'],
    ['(1)加强管理', '（1）加强管理'],
    ['成员(Alice, Bob)来访', '成员（Alice, Bob）来访'],
  ])('%s → %s', (input, output) => expect(normalisePunctuation(input)).toBe(output));

  it.each(['1,000元', '增长3.5%', '10:30开会', 'Hello, world (ok)!', '“ok”, he said', '《论语》'])(
    'leaves %s alone',
    (input) => expect(normalisePunctuation(input)).toBe(input),
  );
});

describe('endsSentence', () => {
  it.each(['召开。', '表示！', '吗？', '圆梦。”', '（完）。', 'done.'])('%s ends a sentence', (text) =>
    expect(endsSentence(text)).toBe(true),
  );
  it.each(['财政部', '锦江区', '抓在', '党史、', '群众，', '规划》', '“幸福密码”'])('%s does not', (text) =>
    expect(endsSentence(text)).toBe(false),
  );
});

describe('place names', () => {
  it('recognises a leading place with an administrative suffix, not words that merely contain one', () => {
    for (const text of ['宜昌市“三年行动计划”', '湖北省宜昌市召开', '曲靖市麒麟区', '锦江区开展']) {
      expect(startsWithPlace(text)).toBe(true);
    }
    for (const text of [
      '城市管理',
      '全国文明城市',
      '社区服务',
      '新时代文明实践',
      '经验交流现场会在成都召开',
    ]) {
      expect(startsWithPlace(text)).toBe(false);
    }
  });

  it('finds the first city of a caption', () => {
    expect(firstCity('近日，江西省吉安市吉州区兴桥镇')).toBe('吉安');
    expect(firstCity('近日，吉安市吉州区')).toBe('吉安');
    expect(firstCity('近日，某村开展活动')).toBeUndefined();
  });
});

describe('splitHeadline', () => {
  it('keeps a one-part headline', () => {
    expect(splitHeadline('天津年内创建垃圾分类示范街镇社区')).toEqual({
      title: '天津年内创建垃圾分类示范街镇社区',
    });
    expect(splitHeadline('  ')).toEqual({ title: '' });
  });

  it('takes a part that opens with a place as the main title and what precedes it as the kicker', () => {
    expect(splitHeadline('以创典范的实际成效奋进新征程建功新时代 宜昌市“三年行动计划”夯实基础')).toEqual({
      title: '宜昌市“三年行动计划”夯实基础',
      subtitle: '以创典范的实际成效奋进新征程建功新时代',
    });
  });

  it('takes two parts too long together for one headline as kicker and main title', () => {
    expect(splitHeadline('喜迎建党一百周年奋进伟大新征程 全市各界群众踊跃参加主题宣讲活动')).toEqual({
      title: '全市各界群众踊跃参加主题宣讲活动',
      subtitle: '喜迎建党一百周年奋进伟大新征程',
    });
  });

  it('joins one headline broken over two lines', () => {
    expect(splitHeadline('曲靖市麒麟区 新时代文明实践助力党史学习教育').title).toBe(
      '曲靖市麒麟区新时代文明实践助力党史学习教育',
    );
    expect(splitHeadline('国家基本公共服务标准化试点 经验交流现场会在成都召开')).toEqual({
      title: '国家基本公共服务标准化试点经验交流现场会在成都召开',
    });
    expect(splitHeadline('湖北省 宜昌市召开动员大会')).toEqual({ title: '湖北省宜昌市召开动员大会' });
  });

  it('reads a dash part as the 副题 under the main title', () => {
    expect(splitHeadline('让文明成为城市底色 ——记某市创建工作')).toEqual({
      title: '让文明成为城市底色',
      subtitle: '记某市创建工作',
    });
  });

  it('keeps a space only between Latin letters or digits', () => {
    expect(splitHeadline('5G 网络覆盖全县')).toEqual({ title: '5G网络覆盖全县' });
    expect(splitHeadline('iPhone 15 发布')).toEqual({ title: 'iPhone 15发布' });
  });
});

describe('parseSeed rules', () => {
  it('re-joins a paragraph broken mid-word with nothing inserted, and keeps whole sentences apart', () => {
    const [article] = parse('## 标题\n\n国家发展改革委、财政\n\n部印发通知。\n\n第二段。\n\n第三段，未完');
    expect(article?.paragraphs).toEqual(['国家发展改革委、财政部印发通知。', '第二段。', '第三段，未完']);
  });

  it('keeps a short fragment without punctuation only when it continues a broken sentence', () => {
    const [article] = parse(
      '## 标题\n\n上午，代表走访了高新区\n\n锦江区\n\n两个点位。\n\n报社官方微信\n\n下午，会议举行。',
    );
    expect(article?.paragraphs).toEqual(['上午，代表走访了高新区锦江区两个点位。', '下午，会议举行。']);
  });

  it('drops mastheads, bold lines and boxed ads, also between the halves of a broken paragraph', () => {
    expect(summary(parseSeed(fixture('boxed-ad.txt'), 'boxed-ad.txt'))).toEqual([
      {
        title: '襄阳市推进全国文明城市创建',
        subtitle: '凝心聚力谋发展',
        byline: '周平',
        kind: 'article',
        paragraphs: [
          '襄阳市日前印发创建方案，明确了财政部门和各区的工作职责。方案要求，各区在年底前完成任务！',
        ],
      },
    ]);
  });

  it('attaches a headline printed under its story, reads author lines and photo credits', () => {
    expect(summary(parseSeed(fixture('headline-after-body.txt'), 'headline-after-body.txt'))).toEqual([
      {
        title: '某市召开垃圾分类推进会',
        subtitle: undefined,
        byline: '记者 王明',
        kind: 'article',
        paragraphs: ['3月1日，某市召开垃圾分类推进会。会议部署了全年工作。'],
      },
      {
        title: '南京开展绿色出行宣传',
        subtitle: undefined,
        byline: '李华',
        kind: 'article',
        paragraphs: ['连日来，南京市开展“绿色出行”宣传活动，志愿者走进社区发放倡议书2000余份。'],
      },
      {
        title: '杭州：“书香满城”全民阅读活动',
        subtitle: undefined,
        byline: '张三',
        kind: 'photo',
        paragraphs: ['近日，浙江省杭州市西湖区开展“书香满城”全民阅读活动。图为小读者在借阅图书。'],
      },
      {
        title: '某县乡村振兴见成效',
        subtitle: undefined,
        byline: '王五 赵六',
        kind: 'article',
        paragraphs: ['今年以来，某县围绕产业发展，新建合作社12家。'],
      },
    ]);
  });

  it('gives a headline that has prose of its own to that prose, and titles the headless story by its lead', () => {
    const articles = parse(
      '本报讯(李华)近日,某市举行读书节活动。\n\n## 某县开展义诊\n\n本报讯(王明)3月5日,某县开展义诊。',
    );
    expect(articles.map(({ title, byline }) => ({ title, byline }))).toEqual([
      { title: '某市举行读书节活动', byline: '李华' },
      { title: '某县开展义诊', byline: '王明' },
    ]);
    expect(parse('本报讯(王明)27日上午,某县开展义诊。')[0]?.title).toBe('某县开展义诊');
  });

  it('reads a photo credit set apart by a blank line, and titles a caption without a quoted name by its lead', () => {
    const [photo] = parse('## 上一篇\n\n正文。\n\n### 下一篇\n\n日前，志愿者在公园清理垃圾。\n\n（王刚 摄）');
    expect(parse('近日，志愿者在公园清理垃圾。\n\n王刚摄')).toEqual([
      expect.objectContaining({ title: '志愿者在公园清理垃圾', byline: '王刚', kind: 'photo' }),
    ]);
    expect(photo?.title).toBe('上一篇');
  });

  it('reads a credit at the end of the caption line, and two photos in one block', () => {
    const photos = parse('近日,甲地开展“清洁家园”志愿活动。(记者 王刚 摄)\n日前,乙地举行读书会。\n李明摄');
    expect(
      photos.map(({ title, byline, kind, paragraphs }) => ({ title, byline, kind, paragraphs })),
    ).toEqual([
      {
        title: '“清洁家园”志愿活动',
        byline: '记者 王刚',
        kind: 'photo',
        paragraphs: ['近日，甲地开展“清洁家园”志愿活动。'],
      },
      { title: '乙地举行读书会', byline: '李明', kind: 'photo', paragraphs: ['日前，乙地举行读书会。'] },
    ]);
  });

  it('reads an author line with roles, but not a masthead shaped like names', () => {
    expect(parse('## 标题\n\n本报记者 赵青 通讯员 李四\n\n正文。')[0]?.byline).toBe(
      '本报记者 赵青 通讯员 李四',
    );
    const [article] = parse('## 标题\n\n新闻网 官方微博\n\n正文。');
    expect(article?.byline).toBeUndefined();
    expect(article?.paragraphs).toEqual(['正文。']);
  });

  it('keeps the text after a dated news opener readable when the marker comes with a dateline', () => {
    const [article] = parse('## 标题\n\n本报北京3月1日讯（记者 王明）今天，会议召开。');
    expect(article).toMatchObject({ byline: '记者 王明', paragraphs: ['今天，会议召开。'] });
  });
});

describe('parseSeed on another page in the same layout', () => {
  const articles = parseSeed(fixture('page-b.txt'), 'page-b.txt');

  it('finds its stories, photo and late headline; drops page title, masthead, jump notes and staff line', () => {
    expect(summary(articles)).toEqual([
      {
        title: '凝聚奋进力量',
        subtitle: '写在全市志愿服务推进会召开之际',
        byline: '本报记者 孙丽 通讯员 钱进',
        kind: 'article',
        paragraphs: [
          '28日，江苏省南京市召开志愿服务推进会。全市现有注册志愿者120万名，累计服务时长超过3,000万小时。',
        ],
      },
      {
        title: '南京市鼓楼区推出“文明积分”制度',
        subtitle: '擦亮城市文明底色共建共享美好家园',
        byline: '王强',
        kind: 'article',
        paragraphs: [
          '近日，鼓楼区推出“文明积分”制度，居民参加志愿服务、垃圾分类等活动可获得积分，积分可兑换生活用品。',
          '据了解，该制度已覆盖全区13个街道。',
        ],
      },
      {
        title: '南京：“垃圾分类我先行”宣传活动',
        subtitle: undefined,
        byline: '记者 孙丽',
        kind: 'photo',
        paragraphs: ['近日，南京市玄武区志愿者在社区开展“垃圾分类我先行”宣传活动。'],
      },
      {
        title: '镇江市推进文明交通',
        subtitle: undefined,
        byline: undefined,
        kind: 'article',
        paragraphs: ['镇江市近日启动“文明交通 你我同行”主题活动，倡导市民遵守交通规则！'],
      },
      {
        title: '无锡推广全民阅读',
        subtitle: undefined,
        byline: '记者 李华',
        kind: 'article',
        paragraphs: ['27日，无锡市举行“书香无锡”全民阅读推广活动，现场发放图书5,000余册，吸引市民参与。'],
      },
    ]);
  });
});

describe('parseSeed on malformed input', () => {
  const SAMPLE = '## 标题 一\n\n本报讯(记者 王明)第一段,没有\n\n结束。\n\n近日,某地开展活动。\n王刚摄\n';

  it('returns nothing for an empty or blank file, or one with headings only', () => {
    expect(parse('')).toEqual([]);
    expect(parse(' \n\n\t\n')).toEqual([]);
    expect(parse('# 报头\n## 标题一\n### 标题二\n##\n')).toEqual([]);
  });

  it('parses a file without blank lines line by line', () => {
    expect(summary(parse('## 标题一\n第一段,没有\n结束。\n第二段。\n## 标题二\n正文。'))).toEqual([
      {
        title: '标题一',
        subtitle: undefined,
        byline: undefined,
        kind: 'article',
        paragraphs: ['第一段，没有结束。', '第二段。'],
      },
      { title: '标题二', subtitle: undefined, byline: undefined, kind: 'article', paragraphs: ['正文。'] },
    ]);
  });

  it('reads CRLF, CR, a BOM and trailing spaces exactly as plain LF', () => {
    const plain = parse(SAMPLE);
    expect(plain.map((a) => [a.title, a.byline, a.kind, a.paragraphs.length])).toEqual([
      ['标题一', '记者 王明', 'article', 1],
      ['某地开展活动', '王刚', 'photo', 1],
    ]);
    expect(parse(`\uFEFF${SAMPLE.replace(/\n/gu, '\r\n')}`)).toEqual(plain);
    expect(parse(SAMPLE.replace(/\n/gu, '\r'))).toEqual(plain);
    expect(parse(SAMPLE.replace(/\n/gu, '  \n'))).toEqual(plain);
    expect(parse(SAMPLE.replace(/\n/gu, ' \t \n'))).toEqual(plain);
  });

  it('makes one article of a file with no headings at all', () => {
    expect(summary(parse('近日，某市图书馆延长开放时间，方便市民借阅。\n\n市民纷纷点赞。'))).toEqual([
      {
        title: '某市图书馆延长开放时间',
        subtitle: undefined,
        byline: undefined,
        kind: 'article',
        paragraphs: ['近日，某市图书馆延长开放时间，方便市民借阅。', '市民纷纷点赞。'],
      },
    ]);
  });

  it('cuts a long lead title, and does not take a line of seven # for a heading', () => {
    const [article] = parse(`####### 不是标题\n\n${'很'.repeat(40)}长。`);
    expect(article?.title).toBe(`${'很'.repeat(24)}…`);
    expect(article?.paragraphs).toEqual([`${'很'.repeat(40)}长。`]);
  });
});

describe('article ids', () => {
  it('are ASCII slugs of the source stem and a title hash, stable, and unique within a seed', () => {
    const text = '## 同名\n\n甲。\n\n## 同名\n\n乙。\n\n## 另一篇\n\n丙。';
    const ids = parseSeed(text, 'seeds/Paper_2021-07.txt').map((a) => a.id);
    expect(ids).toEqual(parseSeed(text, 'seeds/Paper_2021-07.txt').map((a) => a.id));
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toBe(`${ids[0]}-2`);
    for (const id of ids) expect(id).toMatch(/^paper_2021-07-[a-z0-9]+(-2)?$/u);
  });

  it('do not move when another article is added before', () => {
    const [alone] = parseSeed('## 乙\n\n乙文。', 'p.txt');
    const [, after] = parseSeed('## 甲\n\n甲文。\n\n## 乙\n\n乙文。', 'p.txt');
    expect(after?.id).toBe(alone?.id);
  });

  it('stay ASCII and tell apart sources whose names are not ASCII', () => {
    const [a] = parseSeed('## 标题\n\n正文。', '人民日报.txt');
    const [b] = parseSeed('## 标题\n\n正文。', '光明日报.txt');
    expect(a?.id).toMatch(/^[a-z0-9_-]+$/u);
    expect(a?.id).not.toBe(b?.id);
  });
});

describe('parseSeed layout rules for any page', () => {
  const brief = (articles: Article[]) =>
    articles.map(({ title, byline, paragraphs }) => ({ title, byline, paragraphs }));

  it('drops a box held together by hard breaks even when its lines carry quotes, ·, 《》 and colons', () => {
    const [article] = parse(
      '## 标题\n\n方案明确，各区\n\n“书香”·读书征文  \n**“阅读《论语》”杯**  \n主办：某报社\n\n职责到人。',
    );
    expect(article?.paragraphs).toEqual(['方案明确，各区职责到人。']);
  });

  it('never takes a page header (a level-1 heading, or one naming a page) for a headline', () => {
    const text =
      '本报讯(王明)近日,某县开展义诊。\n\n## 某报 2023年3月8日 第2版\n\n# 某报\n\n## 某市举行读书节\n\n近日,某市举行读书节。';
    expect(parse(text).map((a) => a.title)).toEqual(['某县开展义诊', '某市举行读书节']);
  });

  it('reads marked author lines ("文/图 X", "■ 记者 X") as bylines', () => {
    expect(parse('## 标题\n\n文/图 王小明\n\n正文。')[0]?.byline).toBe('王小明');
    expect(parse('## 标题\n\n文/本报记者 陈晨\n\n正文。')[0]?.byline).toBe('本报记者 陈晨');
    expect(parse('## 标题\n\n■ 首席记者 王子涵\n\n正文。')[0]?.byline).toBe('首席记者 王子涵');
  });

  it('opens a new item at an author line that follows finished prose', () => {
    expect(brief(parse('## 甲\n\n甲文。\n\n记者 孙悦\n\n乙文。'))).toEqual([
      { title: '甲', byline: undefined, paragraphs: ['甲文。'] },
      { title: '乙文', byline: '记者 孙悦', paragraphs: ['乙文。'] },
    ]);
  });

  it('takes bracketed names after the last sentence as the byline, and ends the item there', () => {
    const expected = [
      { title: '甲', byline: '张晓 李娜', paragraphs: ['甲文。'] },
      { title: '乙文', byline: undefined, paragraphs: ['乙文。'] },
    ];
    expect(brief(parse('## 甲\n\n甲文。(张晓 李娜)\n\n乙文。'))).toEqual(expected);
    expect(brief(parse('## 甲\n\n甲文。\n\n（张晓 李娜）\n\n乙文。'))).toEqual(expected);
    expect(parse('## 甲\n\n甲文。（待续）')[0]?.byline).toBeUndefined();
  });

  it('joins a story that jumps pages to its continuation, dropping the repeated headline', () => {
    expect(
      brief(parse('## 甲\n\n甲文,(下转第2版)\n\n## 乙\n\n乙文。\n\n## 甲\n\n(上接第1版)续完。')),
    ).toEqual([
      { title: '甲', byline: undefined, paragraphs: ['甲文，续完。'] },
      { title: '乙', byline: undefined, paragraphs: ['乙文。'] },
    ]);
    expect(brief(parse('## 甲\n\n甲文,(下转第2版)\n\n乙文。'))).toEqual([
      { title: '甲', byline: undefined, paragraphs: ['甲文，'] },
      { title: '乙文', byline: undefined, paragraphs: ['乙文。'] },
    ]);
  });

  it('gives a headline printed between two stories to the one it restates', () => {
    const text =
      '本报讯(王明)近日,某县开展义诊活动。\n\n### 某县开展义诊\n\n本报讯(李华)近日,某市举行读书节。';
    expect(parse(text).map(({ title, byline }) => ({ title, byline }))).toEqual([
      { title: '某县开展义诊', byline: '王明' },
      { title: '某市举行读书节', byline: '李华' },
    ]);
  });

  it('reads a caption without its "图片说明" label, credited to an agency photographer', () => {
    expect(brief(parse('图片说明:近日,某地开展“清洁家园”活动。\n新华社记者 王刚 摄'))).toEqual([
      { title: '“清洁家园”活动', byline: '新华社记者 王刚', paragraphs: ['近日，某地开展“清洁家园”活动。'] },
    ]);
  });
});
