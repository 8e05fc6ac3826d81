/** The samples whose pages are in traditional script (converted at render time), in sample-number order. */
import { DESKTOP, PHONE, type SampleSpec } from './spec.ts';

/** The two sites that more than one sample comes from: their masthead, once. */
const DAHUA_NEWS: Pick<SampleSpec, 'layout' | 'site' | 'nav'> = { layout: 'twnews', site: '大华新闻网', nav: ['即时', '政治', '国际', '两岸', '社会', '评论'] };
const HUAREN_NEWS: Pick<SampleSpec, 'layout' | 'site' | 'nav'> = { layout: 'twnews', site: '华人新闻网', nav: ['焦点', '两岸', '国际', '侨社', '生活'] };

const WHY_ZOUCHUQU = '走出|去年 ("step out of last year\'s …"), not the 走出去 "going out" policy';
const WHY_QIAOTUAN_WRAP = '华侨|团结 across a line break: "overseas Chinese unite", not 侨团 (association)';
const WHY_HAIWAI110 = '海外|110余万 is a head count (1.1 million abroad), not the 海外110 hotline';

export const TRADITIONAL_SAMPLES: SampleSpec[] = [
  {
    slug: 'tw-news-wenzhou-hiring',
    ...DAHUA_NEWS,
    script: 'traditional',
    font: 'sans',
    fontSizePx: 16,
    deviceScaleFactor: 1,
    viewport: DESKTOP(980),
    format: 'png',
    title: '温州警方【聘请】19名【侨领】任「【海外联络员】」',
    meta: ['2022/12/06 14:20', '记者林志明／台北报导'],
    body: [
      '人权组织Safeguard Defenders最新报告引述中共中央【统战部】网站2017年的文章指出，温州警方「推选【聘请】19名责任感强、法律功底实、海外声望高、热心公益为侨服务的温州籍【侨领】担任海外【警侨之家】联络点联络员」，为华侨提供海外联系、政策解答、在线见证等服务。',
    ],
    source: '002 p.29: Central United Front Work Department, 29 November 2017 (19 Wenzhou leaders hired)',
  },
  {
    slug: 'hk-news-pursuit-office',
    layout: 'twnews',
    script: 'traditional',
    font: 'serif',
    fontSizePx: 16,
    deviceScaleFactor: 2,
    viewport: DESKTOP(760),
    format: 'png',
    site: '港闻日报',
    nav: ['港闻', '中国', '国际', '经济', '社评'],
    title: '中央追逃办：八部门联手【追逃追赃】',
    meta: ['2016年11月23日', '综合报道'],
    body: [
      '中国法院网文章称，十八大以来，中央加大国际【追逃追赃】力度。中央追逃办全称为【中央反腐败协调小组国际追逃追赃工作办公室|中央追逃办】，成立于2014年，成员单位包括【中央纪委】、最高人民法院、最高人民检察院、外交部、公安部、国家安全部、司法部和人民银行。全国31个省区市也相应成立了省级追逃办。',
    ],
    source: '002 p.31: China Court, 2016 (Central Office for Pursuit of Fugitives)',
  },
  {
    slug: 'association-new-year-meeting',
    layout: 'twnews',
    script: 'traditional',
    font: 'ming',
    fontSizePx: 15,
    deviceScaleFactor: 1,
    viewport: DESKTOP(900),
    format: 'png',
    site: '多伦多温州同乡会',
    nav: ['首页', '会务动态', '乡情乡讯', '联系我们'],
    title: '同乡会举行新春视频座谈会',
    meta: ['2021-02-08', '会务动态'],
    body: [
      '2月6日，本会与温州市【侨联】、市【公安局】出入境管理支队举行新春视频座谈会。会长在致辞中表示，一年来，同乡会带领乡亲〔走出去|' +
        WHY_ZOUCHUQU +
        '〕年疫情的阴影，广大华〔侨⏎团|' +
        WHY_QIAOTUAN_WRAP +
        '〕结一心，共克时艰。会上，【侨联】负责人通报了“【海外110】”和【海外联络员】工作情况。',
    ],
    source: 'modelled on 004 (overseas associations, Overseas 110) and 002 p.14 (Wenzhou liaison officers)',
  },
  {
    slug: 'tw-news-fuzhou-overseas-110',
    ...HUAREN_NEWS,
    script: 'traditional',
    font: 'sans',
    fontSizePx: 15,
    deviceScaleFactor: 2,
    viewport: DESKTOP(760),
    format: 'jpeg',
    jpegQuality: 82,
    title: '福州「【海外110】」平台 侨乡乡亲称感受家乡温暖',
    meta: ['2022/09/20 09:12', '中央社'],
    body: [
      '福州市【公安局】「【海外110】」报警求助平台自2018年开通以来，已受理海外求助上千起。福清是著名侨乡，旅居〔海外110|' +
        WHY_HAIWAI110 +
        '〕余万乡亲。当地【侨领】翁国宁在省人大会议上称，该平台让乡亲感受到家乡的温暖。',
    ],
    source: '004: Globe and Mail, Fuzhou PSB Overseas 110 hotline, Weng Guoning',
  },
  {
    slug: 'exile-news-qingtian-police-paper',
    layout: 'twnews',
    script: 'traditional',
    font: 'serif',
    fontSizePx: 16,
    deviceScaleFactor: 1,
    viewport: DESKTOP(940),
    format: 'png',
    lowContrast: true,
    site: '新纪元新闻',
    nav: ['首页', '中国', '国际', '评论', '专题'],
    title: '青田警方论文曝光 海外【维稳】经验',
    meta: ['2023-05-25', '记者李文／综合报导'],
    body: [
      '据《浙江警察学院学报》2019年第2期文章，青田警方提出“一个理念、两个统筹、三个协同”，推行“【以侨治侨】”。国内走访海外【维稳对象】的亲属，国外派工作组与【侨团】、【侨领】面对面沟通。',
    ],
    quote:
      '青田公安已与230个海外【侨团】建立常态化协作机制，与150名有影响力的【侨领】保持经常性联系，并通过使领馆把党的组织延伸到【侨团】。',
    source: '000: Epoch Times, 25 May 2023 (Qingtian police paper, Zhejiang Police College journal)',
  },
  {
    slug: 'tw-news-student-overseas-110',
    ...HUAREN_NEWS,
    script: 'traditional',
    font: 'sans',
    fontSizePx: 17,
    deviceScaleFactor: 2,
    viewport: DESKTOP(740),
    format: 'png',
    title: '加国留学生遭诈骗 拨打福州「【海外110】」求助',
    meta: ['2022/09/21 16:05', '编译陈怡君'],
    body: [
      '2月7日晚，一名在加拿大留学的福州籍女学生拨打「【海外110】」求助热线，称被自称“情感导师”的人骗走约400美元。福州市【公安局】随即追查，将嫌犯林某抓获。官媒称，这是「【海外110】」开通以来破获的首宗跨境电信网络诈骗案。',
    ],
    source: '004: Globe and Mail, student in Canada calls Overseas 110, Fuzhou PSB',
  },
  {
    slug: 'hk-weekly-ocsc-qiaoban',
    layout: 'twnews',
    script: 'traditional',
    font: 'kai',
    fontSizePx: 16,
    deviceScaleFactor: 1,
    viewport: DESKTOP(900),
    format: 'png',
    site: '港闻周刊',
    nav: ['封面', '中国', '国际', '专题'],
    title: '「华助中心」与国务院【侨办|侨务办公室】',
    meta: ['2019年1月10日', '第372期'],
    body: [
      '2014年，国务院【侨办|侨务办公室】支持海外【侨团】在华侨华人聚居城市设立「华助中心」，提供紧急救助、融入培训、法律援助、扶贫济困等基础服务。时任国务院【侨办|侨务办公室】主任裘援平宣布，将在60个国家设立此类中心。2018年机构改革后，国务院【侨办|侨务办公室】并入中央【统战部】。',
    ],
    source: '002 p.9–10: OCSC, Qiu Yuanping, OCAO merged into the United Front Work Department',
  },
  {
    slug: 'mobile-news-qingtian-stations',
    layout: 'mobilenews',
    script: 'traditional',
    font: 'sans',
    fontSizePx: 16,
    deviceScaleFactor: 3,
    viewport: PHONE,
    format: 'png',
    site: '新闻速报',
    title: '青田警方海外「【警侨驿站】」遍及15国21城',
    meta: ['2022-12-05 11:02', '国际'],
    body: [
      '据青田县【公安局】2020年工作总结，该局在全球15个国家21座城市设立「【警侨驿⏎站】」海外服务中心。研究人员指出，青田警方曾通过马德里和贝尔格莱德的站点对两名【在逃人员|逃犯】实施【劝返】，其中一人是【猎狐】行动目标。',
    ],
    source: '002 p.18 (21 cities in 15 countries) and 001 (Madrid, Belgrade persuasion to return)',
  },
  {
    slug: 'tw-news-liaison-officers',
    ...DAHUA_NEWS,
    script: 'traditional',
    font: 'ming',
    fontSizePx: 15,
    deviceScaleFactor: 2,
    viewport: DESKTOP(760),
    format: 'png',
    title: '135名【侨领】受聘 任【海外联络员】',
    meta: ['2022/12/07 10:45', '记者林志明／台北报导'],
    body: [
      '《人民公安报》2019年5月23日文章称，青田县【公安局】已【聘请】135名青田籍【侨领】和【侨团】会长担任各中心主任、副主任和【海外联络员】。温州警方亦在巴黎、米兰、普拉托设立3个「【警侨之家】【海外联络点】」，检察机关则在意大利设立【海外联络站】。',
    ],
    source: '002 p.29: People\'s Public Security Daily, 23 May 2019 (135 leaders hired)',
  },
];
