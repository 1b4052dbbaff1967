import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Article, parseSeed } from '../../../lib/seeds';

/*
 * Pages written for these tests in the layout of seeds/ (another evening paper, another weekly,
 * other days): boxed ads and contests whose lines carry punctuation, headlines printed under
 * their stories, bylines in several forms, captioned photos, stories jumping between pages.
 */
const page = (name: string): Article[] =>
  parseSeed(readFileSync(new URL(`../../fixtures/seeds/${name}`, import.meta.url), 'utf8'), name);
const heads = (articles: Article[]) =>
  articles.map(({ title, subtitle, byline, kind }) => ({ title, subtitle, byline, kind }));
const bodies = (articles: Article[]) => articles.map((a) => a.paragraphs);
const allText = (articles: Article[]): string =>
  articles.flatMap((a) => [a.title, a.subtitle ?? '', a.byline ?? '', ...a.paragraphs]).join('\n');

describe('parseSeed on an evening paper page (page-c.md)', () => {
  const articles = page('page-c.md');

  it('finds every item with its headline, including two printed under their stories, and its byline in each form', () => {
    expect(heads(articles)).toEqual([
      {
        title: '老旧小区改造惠及万户居民',
        subtitle: '武昌区今年启动42个小区改造',
        byline: '本报记者 陈晨 通讯员 刘洋',
        kind: 'article',
      },
      {
        title: '非遗展演走进汉阳社区',
        subtitle: undefined,
        byline: '记者 周敏 实习生 郑好',
        kind: 'article',
      },
      { title: '“电力红马甲”进园区', subtitle: undefined, byline: '通讯员 黄磊', kind: 'article' },
      {
        title: '“护绿添彩 共建花城”义务植树活动',
        subtitle: undefined,
        byline: '本报记者 李想',
        kind: 'photo',
      },
      { title: '江城启用首批智慧公交站', subtitle: undefined, byline: '首席记者 王子涵', kind: 'article' },
      { title: '社区食堂开到家门口', subtitle: undefined, byline: '江文轩', kind: 'article' },
    ]);
  });

  it('keeps every paragraph, joins sentences broken around boxes, and leaves caption label and sign-off out', () => {
    expect(bodies(articles)).toEqual([
      [
        '4月11日，记者从武昌区住房和城市更新局获悉，今年该区将启动42个老旧小区改造项目，涉及居民1.2万户。',
        '改造内容包括雨污分流、外墙保温、加装电梯等，其中加装电梯项目将优先安排老年居民比例较高的小区。区住房和城市更新局相关负责人介绍，改造将坚持“先民生、后提升”的原则，施工期间设置临时通道，尽量减少对居民出行的影响。',
      ],
      [
        '12日上午，江城市第三届“非遗进社区”展演活动在汉阳区启幕。现场，汉绣、木雕船模等12个非遗项目轮番亮相，吸引上千名市民驻足观看。',
        '活动将持续至5月底，其间展演将走进全市30个社区，让市民在家门口感受非遗魅力。',
      ],
      [
        '近日，江城供电公司组建“电力红马甲”服务队，走进东湖高新区12家企业，上门排查用电隐患，帮助企业制定节能方案。截至目前，服务队已累计解决用电问题86个。',
      ],
      ['4月10日，江岸区志愿者在解放公园开展“护绿添彩 共建花城”义务植树活动。'],
      [
        '近日，江城首批50座智慧公交站在主城区投入使用。乘客可通过电子站牌实时查看车辆到站时间、车内拥挤程度等信息。',
        '据介绍，智慧公交站还配备了手机充电、应急呼叫等便民设施，今年内全市将建成200座。',
      ],
      [
        '“一荤两素一汤，只要12元。”11日中午，青山区红卫路街道社区食堂里坐满了前来就餐的老人。',
        '据了解，该街道今年已建成社区食堂5家，日均服务老人1200余人次。',
      ],
    ]);
  });

  it('lets no page header, box, ad, jump note or staff line into any article', () => {
    const text = allText(articles);
    for (const leak of [
      '江城晚报',
      '第5版',
      '城事',
      '征文',
      '杯',
      '主办',
      '邮箱',
      '惠民药房',
      '热线',
      '电话',
      '下转',
      '图片说明',
      '责任编辑',
      '（江文轩）',
    ]) {
      expect(text).not.toContain(leak);
    }
  });
});

describe('parseSeed on a two-page weekly (page-d.txt)', () => {
  const articles = page('page-d.txt');

  it('finds every item once, with bylines above, below and in credits, and no page header as a headline', () => {
    expect(heads(articles)).toEqual([
      {
        title: '春耕备耕正当时',
        subtitle: '豫南多地抢抓农时保供稳产',
        byline: '本报记者 陈静 赵一鸣',
        kind: 'article',
      },
      { title: '农技专家田间授课', subtitle: undefined, byline: '记者 孙悦 通讯员 孟凡', kind: 'article' },
      { title: '大棚蔬菜鼓起钱袋子', subtitle: undefined, byline: '王小明', kind: 'article' },
      {
        title: '淮滨县芦集乡农民驾驶植保无人机在麦田里喷洒叶面肥',
        subtitle: undefined,
        byline: '新华社记者 冯大鹏',
        kind: 'photo',
      },
      {
        title: '光山县在十里镇举办“春风行动”乡村专场招聘会',
        subtitle: undefined,
        byline: '张晓 李娜',
        kind: 'article',
      },
      { title: '春耕服务热线开通', subtitle: undefined, byline: '记者 孙悦', kind: 'article' },
      { title: '乡村书屋飘出书香', subtitle: undefined, byline: '钱芳 朱莉', kind: 'article' },
    ]);
  });

  it('joins the story continued from page 1 on page 2 into one article, and keeps every paragraph', () => {
    expect(bodies(articles)).toEqual([
      [
        '连日来，河南省信阳市各地抢抓晴好天气，组织农户开展小麦田间管理和春播准备。',
        '在息县项店镇，种粮大户刘建国正指挥农机手检修播种机、植保无人机等农机具。“今年准备种800亩玉米，种子、化肥都已经备齐了。”刘建国说。',
        '据了解，今年信阳市计划种植粮食作物1050万亩，目前已储备各类种子3.2万吨、化肥18万吨，检修农机具4.6万台（套），为春耕生产打下了坚实基础。',
      ],
      [
        '6日，固始县农业农村局组织30余名农技专家深入田间地头，为农户讲解小麦春季追肥、病虫害防治等技术要点，发放技术资料3000余份。',
      ],
      [
        '3月5日，潢川县双柳树镇的蔬菜大棚里，菜农正忙着采摘新鲜黄瓜。近年来，该镇发展设施蔬菜1.5万亩，带动2000余户农户增收。',
        '“大棚一年能种三茬，收入比种粮高好几倍。”菜农张大姐说。',
      ],
      ['3月6日，淮滨县芦集乡农民驾驶植保无人机在麦田里喷洒叶面肥。'],
      [
        '3月6日，光山县在十里镇举办“春风行动”乡村专场招聘会，56家企业提供就业岗位1200余个，现场达成就业意向380人。',
      ],
      ['本月起，信阳市农业农村局开通“春耕服务热线”，农户遇到种子、农资、技术等问题可随时拨打咨询。'],
      [
        '近日，罗山县“农家书屋+”阅读推广活动在周党镇启动。活动现场，志愿者为村民推荐了《庭院经济实用技术》《乡村振兴读本》等图书，并开展了亲子共读、读书分享等活动，吸引200余名村民参加。',
      ],
    ]);
  });

  it('lets no page header, ad box, jump note or staff line into any article', () => {
    const text = allText(articles);
    for (const leak of [
      '田野周刊',
      '第2版',
      '丰收',
      '特惠',
      '热线：',
      '地址',
      '上接',
      '下转',
      '校对',
      '（钱芳',
    ]) {
      expect(text).not.toContain(leak);
    }
  });
});
