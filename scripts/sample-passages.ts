/**
 * The passages behind samples/: short Chinese texts taken from (or closely modelled on) the
 * Chinese quoted in ../shared/seeds/, in the voice of the page each one is dressed up as.
 *
 * The expected hits are not marked by hand: the renderer finds every form of every entry in
 * glossary/ in the ground truth (longest first) and takes out the traps. Markup, stripped before
 * rendering:
 *   【text】        an assertion: `text` must lie inside an expected hit whose canonical term
 *                   is `text` as written here (simplified), whatever script the page is in;
 *                   the hit may be a longer form of the same entry (海内外【警侨联动服务中心】).
 *   【text|term】   the same, where `text` is a variant: 【侨办|侨务办公室】.
 *   〔text|why〕    a trap: this occurrence of a glossary form (or, via TRAP_LOOKALIKE, a
 *                   lookalike of one) is no hit, for the reason given; recorded in the manifest.
 *   ⏎              a forced line break (<br>), the way a term gets split on a screenshot.
 *
 * Every occurrence the renderer finds has been reviewed in context
 * (`npx tsx scripts/render-samples.ts --review`): what is not a trap is meant as a hit.
 *
 * Passages are written in simplified script; samples marked `traditional` are converted with
 * opencc-js (cn -> tw) at render time. 「」 quotes are written directly where a Taiwanese or
 * Hong Kong page would use them.
 */

export type Layout =
  | 'police'
  | 'wechat'
  | 'statemedia'
  | 'gov'
  | 'journal'
  | 'certificate'
  | 'newslist'
  | 'twnews'
  | 'mobilenews';

export type FontKind = 'sans' | 'serif' | 'kai' | 'ming';

export interface SampleSpec {
  /** Descriptive stem; the file name adds the number, script and font. */
  slug: string;
  layout: Layout;
  script: 'simplified' | 'traditional';
  font: FontKind;
  /** Body text size in CSS px. */
  fontSizePx: number;
  deviceScaleFactor: 1 | 2 | 3;
  /** Page (and crop) width in CSS px; phones use 390 x 844. */
  viewport: { width: number; height: number };
  format: 'png' | 'jpeg';
  jpegQuality?: number;
  /** Body text in #888 on white. */
  lowContrast?: boolean;
  /** A dark navigation bar with white text (its items carry hits). */
  darkNav?: string;
  /** Masthead / site name / WeChat account. */
  site: string;
  nav?: string[];
  breadcrumb?: string;
  title: string;
  meta?: string[];
  /** Sub-heading above the body. */
  lead?: string;
  /** The passage proper, one string per paragraph (60–250 characters together). */
  body: string[];
  /** Rendered in a grey quote box after the body. */
  quote?: string;
  /** A list page: headline and date per row (the passage is the list). */
  list?: { headline: string; date: string }[];
  footer?: string[];
  /** Which seed passage this is taken from or modelled on. */
  source: string;
}

const DESKTOP = (width: number) => ({ width, height: 800 });
const PHONE = { width: 390, height: 844 };

/** The two sites that more than one sample comes from: their masthead, once. */
const DAHUA_NEWS: Pick<SampleSpec, 'layout' | 'site' | 'nav'> = { layout: 'twnews', site: '大华新闻网', nav: ['即时', '政治', '国际', '两岸', '社会', '评论'] };
const HUAREN_NEWS: Pick<SampleSpec, 'layout' | 'site' | 'nav'> = { layout: 'twnews', site: '华人新闻网', nav: ['焦点', '两岸', '国际', '侨社', '生活'] };

const WHY_PINQING = '聘请 straddles 招聘|请于: "recruitment; please … by", not "hire"';
const WHY_CAINIAO = '菜鸟驿站 is a parcel pick-up point; shares 驿站 with 警侨驿站 but is not one';
const WHY_ZOUCHUQU = '走出|去年 ("step out of last year\'s …"), not the 走出去 "going out" policy';
const WHY_QIAOTUAN_WRAP = '华侨|团结 across a line break: "overseas Chinese unite", not 侨团 (association)';
const WHY_HAIWAI110 = '海外|110余万 is a head count (1.1 million abroad), not the 海外110 hotline';
const WHY_LIEHUQUAN = '猎狐犬 is a dog breed (fox terrier), not the Fox Hunt operation';

export const SAMPLES: SampleSpec[] = [
  {
    slug: 'police-libao-station',
    layout: 'police',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 16,
    deviceScaleFactor: 1,
    viewport: DESKTOP(1000),
    format: 'png',
    darkNav: '#0b2a5a',
    site: '海安市【公安局】',
    nav: ['首页', '警务动态', '【警侨驿站】', '【海外110】', '办事指南', '互动交流'],
    breadcrumb: '当前位置：首页 > 警务动态 > 基层动态',
    title: '李堡镇成立【警侨驿站】 为“【走出去】”企业和人员保驾护航',
    meta: ['发布时间：2022-05-26 09:41', '来源：李堡派出所', '浏览次数：1032'],
    body: [
      '近年来，海安市李堡镇一批批村民走出国门，足迹遍布美国、澳大利亚、新加坡、新西兰、安哥拉、以色列、韩国等20多个国家和地区。为给李堡“【走出去】”企业和人员提供安全保障，李堡镇统战办和镇派出所牵头，联合海安出入境管理大队，于2022年5月成立李堡镇【警侨驿站】。',
      '驿站探索“【以侨治侨】、【警侨联动】”新模式，目前已在美国、澳大利亚、韩国等地【聘请】侨胞和留学生代表担任【海外联络员】，内外协同开展服务。',
    ],
    footer: ['主办单位：海安市【公安局】　地址：海安市长江中路66号　苏ICP备05012345号'],
    source: '002 p.13: Libao Town (Haian, Nantong) 警侨驿站, May 2022',
  },
  {
    slug: 'wechat-venice-station',
    layout: 'wechat',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 17,
    deviceScaleFactor: 3,
    viewport: PHONE,
    format: 'png',
    site: '青田发布',
    title: '意大利威尼斯【警侨驿站】【授牌】成立',
    meta: ['原创', '青田发布', '2019-04-06 20:18'],
    body: [
      '4月6日，青田县【公安局】召开海外【警侨驿站】工作推进会。政委刘光宪宣读了新设立【警侨驿站】名单，并与局党委成员一起为威尼斯、金边、波哥大等6个新设立的【警侨驿站】【授牌】。',
      '会上，与会人员观看了青田公安宣传片，听取了驿站运行情况报告。威尼斯、巴塞罗那、阿姆斯特丹、瓜亚基尔等地【侨团】代表介绍了驿站运营情况。',
    ],
    footer: ['阅读 2.1万　在看 36'],
    source: '002 p.17: Zhejiang Qingtian Media Group, 6 April 2019 (Venice station licensed)',
  },
  {
    slug: 'statemedia-nantong-foxhunt',
    layout: 'statemedia',
    script: 'simplified',
    font: 'serif',
    fontSizePx: 16,
    deviceScaleFactor: 2,
    viewport: DESKTOP(760),
    format: 'jpeg',
    jpegQuality: 78,
    site: '南通网',
    nav: ['首页', '新闻', '时政', '社会', '法治', '视频'],
    title: '南通“【猎狐】2018”抓获境外经济逃犯11名',
    meta: ['2018年10月18日 10:23:49', '来源：南通网', 'A+ | A-'],
    body: [
      '昨天，记者从市【公安局】获悉，南通市公安经侦部门精心组织开展“【猎狐】2018”专项行动，实现历史性突破，截至目前共抓获境外经济犯罪逃犯11名，提前数月完成年度追逃目标，再创境外追逃佳绩。',
      '其中，一名甘姓逃犯潜逃安哥拉。在安哥拉南通商会的协助下，民警多次与其视频谈话，最终将其成功【劝返】。',
    ],
    footer: ['责任编辑：陈晓'],
    source: '002 p.27: Ourjiangsu.com, 18 October 2018 (猎狐2018)',
  },
  {
    slug: 'gov-qingtian-work-summary',
    layout: 'gov',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 14,
    deviceScaleFactor: 1,
    viewport: DESKTOP(1040),
    format: 'png',
    site: '青田县人民政府',
    breadcrumb: '首页 > 政务公开 > 政府信息公开 > 青田县【公安局】 > 规划计划',
    meta: ['索引号：00265226/2021-94607', '发布机构：青田县【公安局】', '发布时间：2021-02-09 14:51:20'],
    title: '青田县【公安局】2020年工作总结',
    body: [
      '五是聚焦“深化改革”，彰显特色工作创新能力。深化“最多跑一次”改革，推进“金牌窗口”创建工作；为进一步提升为侨服务水平，在全球15个国家21座城市设立“【警侨驿站】”海外服务中心，该项工作被省公安厅列入丽水市唯一入选县域改革试点项目。同时深化涉侨【维稳】工作，依托海外【侨团】及时化解涉侨矛盾纠纷。',
    ],
    source: '002 p.18: Qingtian Government, 9 February 2021 (2020 work summary)',
  },
  {
    slug: 'united-front-wenzhou-contact-points',
    layout: 'statemedia',
    script: 'simplified',
    font: 'serif',
    fontSizePx: 15,
    deviceScaleFactor: 2,
    viewport: DESKTOP(780),
    format: 'png',
    site: '中共中央【统战部】',
    nav: ['首页', '统战要闻', '地方动态', '侨务工作', '理论研究'],
    title: '温州警侨【海外联络点】让侨胞办事省钱省时省力',
    meta: ['2017年11月29日 15:03', '来源：中央【统战部】网站'],
    lead: '创设“内+外”互动平台',
    body: [
      '内外设点。2016年5至8月间，分别在华侨华人主要“集聚地”法国、意大利，先后设立巴黎、米兰、普拉托3个“【警侨之家】【海外联络点】”，在温州丽岙重点侨乡派出所设立警侨工作室。网络连线。同步建立“【警侨之⏎家】（法国-温州瓯海）”等3个工作联系微信群，提供“点对点”在线咨询、在线预审服务。',
    ],
    source: '002 p.14: Central United Front Work Department website, 29 November 2017',
  },
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
    slug: 'police-nantong-linkage-center',
    layout: 'police',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 15,
    deviceScaleFactor: 2,
    viewport: DESKTOP(780),
    format: 'png',
    darkNav: '#102347',
    site: '南通市【公安局】',
    nav: ['首页', '警务公开', '【警侨联动】', '【海外110】', '网上办事', '警民互动'],
    breadcrumb: '当前位置：首页 > 警务公开 > 工作动态',
    title: '市海内外【警侨联动服务中心】召开首次年度工作会议',
    meta: ['发布日期：2020-04-30', '来源：市局国际合作处'],
    body: [
      '4月29日下午，南通市海内外【警侨联动服务中心】召开首次年度工作会议，并为埃塞俄比亚分中心、秘鲁【海外工作站】和孟加拉【海外工作站】【授牌】。',
      '会上，南通市副市长、市【公安局】局长张轩视频连线部分海外站点，以色列工作站徐巍松和塞尔维亚分中心秦金生感慨说，中心对他们在外的正常生产和生活秩序提供了保障支撑。',
    ],
    source: '002 p.12: Ourjiangsu.com, 29 April 2020 (first annual work meeting)',
  },
  {
    slug: 'wechat-nantong-four-years',
    layout: 'wechat',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 16,
    deviceScaleFactor: 3,
    viewport: PHONE,
    format: 'jpeg',
    jpegQuality: 80,
    site: '平安南通',
    title: '4年28国！南通【警侨联动】守护“【走出去】”企业',
    meta: ['平安南通', '2020-04-30 18:05'],
    body: [
      '成立于2016年3月的南通市海内外【警侨联动服务中心】，一直致力于为南通“【走出去】”企业和人员提供安全保障和优质服务。4年来，先后在28个国家和地区成立了海外分中心及【海外工作站】。',
      '2019年，中心共走访企业200余家，发布投资指南和预警提示400余次，帮助打击处理海外违法犯罪人员43名，同时出台了【海外110】报警求助热线接待规范。',
    ],
    footer: ['阅读 10万+　赞 518'],
    source: '002 p.13: Ourjiangsu.com, 29 April 2020 (4 years, 28 countries)',
  },
  {
    slug: 'portal-jiangsu-belt-road',
    layout: 'statemedia',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 14,
    deviceScaleFactor: 1,
    viewport: DESKTOP(960),
    format: 'png',
    lowContrast: true,
    site: '江苏“一带一路”网',
    nav: ['首页', '要闻', '国际产能', '园区建设', '风险防范'],
    title: '南通“【警侨联动】”为出海企业筑牢安全屏障',
    meta: ['2022-07-18 08:52', '来源：江苏“一带一路”网'],
    body: [
      '作为服务“【走出去】”企业和广大海外侨商、侨胞的重要桥梁和纽带，2016年以来，南通市海内外【警侨联动服务中心】发挥资源集合协作的平台优势，构筑【警侨联动】服务体系，为广大企业和人员提供防疫指导、安全保障和便捷服务。截至目前，该中心处置各类求助和案件120余起，协助抓获【劝返】犯罪嫌疑人80余名，发布预警提示1500余条。',
    ],
    source: '002 p.26: Jiangsu Belt and Road Portal, 18 July 2022',
  },
  {
    slug: 'journal-huaren-shikan',
    layout: 'journal',
    script: 'simplified',
    font: 'kai',
    fontSizePx: 16,
    deviceScaleFactor: 2,
    viewport: DESKTOP(620),
    format: 'jpeg',
    jpegQuality: 74,
    site: '华人时刊　2021年第9期',
    title: '“【警侨联动】”织密为侨服务防护网',
    meta: ['文／喻迎春', '关键词：海外侨胞　侨务工作　侨商'],
    body: [
      '南通警方主动对接海外【侨团】和侨商会，建立常态联系，摸清侨情信息，及时掌握动态，快速作出反应。以侨商会为依托，在美国、俄罗斯、加拿大、罗马尼亚、塞尔维亚、纳米比亚、安哥拉、南非和埃塞俄比亚等16个侨胞侨商相对集中的国家设立【海外联络站】，落实联络人员，搭建沟通联系、应急救助平台。',
    ],
    footer: ['— 36 —'],
    source: '002 p.13: Chinese Times (华人时刊), 17 September 2021',
  },
  {
    slug: 'chinanews-qingtian-procuratorate',
    layout: 'statemedia',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 15,
    deviceScaleFactor: 1,
    viewport: DESKTOP(900),
    format: 'png',
    site: '中国新闻网',
    nav: ['首页', '滚动', '国内', '国际', '华人', '视频'],
    title: '浙江青田检察院在意大利设立6家【海外联络站】分站',
    meta: ['2018年12月02日 16:21', '来源：中国新闻网'],
    body: [
      '中新网丽水12月2日电（记者 周禹龙 通讯员 𠮷旭伟）2日记者获悉，为更好开展工作，浙江青田检察院在意大利6个青田籍华人华侨聚集地，设立了6家【海外联络⏎站】分站。',
      '青田县人民检察院意大利【海外联络站】站长、意大利西部六省一市华侨华人联谊会会长叶先平表示，他很荣幸担任第一任站长，将真心实意为当地侨胞服务。',
    ],
    source: '002 p.16: China News Network, 2 December 2018 (Qingtian procuratorate stations)',
  },
  {
    slug: 'ccdi-sky-net-2021',
    layout: 'statemedia',
    script: 'simplified',
    font: 'serif',
    fontSizePx: 16,
    deviceScaleFactor: 1,
    viewport: DESKTOP(1000),
    format: 'png',
    darkNav: '#8e0c0c',
    site: '【中央纪委】国家监委网站',
    nav: ['首页', '要闻', '审查调查', '【追逃追赃】', '【天网】行动', '党纪法规'],
    title: '“【天网】2021”行动追回外逃人员1114人',
    meta: ['2021-12-14 07:30', '来源：【中央纪委】国家监委网站'],
    body: [
      '【中央纪委】国家监委通报，2021年1月至11月，“【天网】2021”行动共追回外逃人员1114人，其中党员和国家工作人员318人，追回赃款167.4亿元。国际【追逃追赃】工作办公室有关负责人表示，将持续开展“【猎狐】”专项行动，综合运用遣返、引渡、【劝返】等多种手段。',
    ],
    source: '002 p.31: CCDI report 2021 (Sky Net: 1,114 fugitives Jan–Nov 2021)',
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
    slug: 'notice-auxiliary-police-recruitment',
    layout: 'gov',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 14,
    deviceScaleFactor: 1,
    viewport: DESKTOP(960),
    format: 'png',
    lowContrast: true,
    site: '瑞安市【公安局】',
    breadcrumb: '您现在的位置：首页 > 通知公告',
    meta: ['发布时间：2021-04-26', '发布单位：政治处', '阅读次数：2876'],
    title: '瑞安市【公安局】公开招聘涉侨警务辅助人员公告',
    body: [
      '为进一步做好【警侨联动】工作，经研究，决定面向社会公开招聘涉侨警务辅助人员10名。本次招〔聘请|' +
        WHY_PINQING +
        '〕于2021年5月20日前登录报名系统报名，逾期不予受理。熟悉意大利语、法语或有海外生活经历者优先，录用后由市【公安局】统一【聘请】，派驻巴黎【警侨驿站】工作。',
    ],
    source: 'modelled on 002 p.28 (聘请 "hiring" of liaison staff) and Wenzhou/Ruian station in Paris',
  },
  {
    slug: 'wechat-liao-station-moves',
    layout: 'wechat',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 16,
    deviceScaleFactor: 3,
    viewport: PHONE,
    format: 'png',
    site: '平安瓯海',
    title: '丽岙【警侨驿站】便民服务点搬新家啦',
    meta: ['平安瓯海', '2021-03-15 17:30'],
    body: [
      '为方便归侨侨眷办事，丽岙派出所【警侨驿站】便民服务点即日起迁至侨乡文化广场东侧（原〔菜鸟驿站|' +
        WHY_CAINIAO +
        '〕旁），提供户籍、出入境证件咨询和“【海外110】”远程视频服务。',
      '在法国、意大利的侨胞也可通过海外【警侨之家】视频连线，办理“零跑腿”事项。',
    ],
    footer: ['阅读 3862　赞 41'],
    source: 'modelled on 002 p.14–15: Wenzhou Ouhai 丽岙 police-overseas Chinese office',
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
    slug: 'newslist-police-headlines',
    layout: 'newslist',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 14,
    deviceScaleFactor: 1,
    viewport: DESKTOP(860),
    format: 'png',
    darkNav: '#1b1f2a',
    site: '平安浙江网',
    nav: ['首页', '警务资讯', '【猎狐】行动', '【天网】追逃', '【警侨驿站】', '视频'],
    title: '警务资讯',
    body: [],
    list: [
      { headline: '“【猎狐】2019”专项行动再传捷报', date: '2019-05-12' },
      { headline: '青田新增6个海外【警侨驿站】', date: '2019-04-07' },
      { headline: '丽水召开全市【追逃追赃】工作推进会', date: '2019-03-28' },
      { headline: '“【天网】2019”行动正式启动', date: '2019-03-15' },
      { headline: `宠物市场〔猎狐|${WHY_LIEHUQUAN}〕犬走俏 专家提醒科学喂养`, date: '2019-03-02' },
      { headline: '温州举行【海外联络员】【聘请】仪式', date: '2019-02-20' },
      { headline: '瑞安【侨联】走访慰问归侨侨眷', date: '2019-01-30' },
    ],
    footer: ['共 7 条　首页 上一页 1 下一页 尾页'],
    source: 'modelled on 002 (猎狐/天网, Qingtian and Wenzhou stations) as a police portal list page',
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
    slug: 'police-qingtian-united-front',
    layout: 'police',
    script: 'simplified',
    font: 'serif',
    fontSizePx: 15,
    deviceScaleFactor: 2,
    viewport: DESKTOP(800),
    format: 'png',
    darkNav: '#13294b',
    site: '青田县【公安局】',
    nav: ['首页', '平安青田', '【警侨驿站】', '涉侨服务', '【猎狐】专栏', '警民互动'],
    breadcrumb: '当前位置：首页 > 平安青田 > 工作交流',
    title: '坚持【以侨治侨】 构建涉侨治理新格局',
    meta: ['发布时间：2019-12-20', '来源：政治处'],
    body: [
      '我局坚持【以侨治侨】、【警侨联动】，在县委【统战部】、县【侨联】、县【侨办|侨务办公室】的支持下，依托海外【侨团】设立【警侨驿站】，【聘请】有威望的【侨领】担任【海外联络员】，做好涉侨【维稳】工作。全年共【为侨办实事】120余件，协助【劝返】【在逃人员|逃犯】5名。',
    ],
    source: '000 (Qingtian police: diaspora associations, leaders) and 002 p.29 (以侨治侨)',
  },
  {
    slug: 'wechat-paris-station-chief',
    layout: 'wechat',
    script: 'simplified',
    font: 'sans',
    fontSizePx: 17,
    deviceScaleFactor: 3,
    viewport: PHONE,
    format: 'jpeg',
    jpegQuality: 72,
    site: '欧洲侨报',
    title: '巴黎【警侨驿站】站长胡仁爱：服务侨胞是我的责任',
    meta: ['欧洲侨报', '2021-10-12 21:40'],
    body: [
      '2018年，由瑞安市【侨联】和瑞安市【公安局】共同设立的巴黎【警侨驿站】正式运行，法中服装工业商会创始会长胡仁爱担任站长。',
      '“2019年10月，我还受国内公安机关委托，多次走访，成功【劝返】了一名在法国潜逃多年的犯罪嫌疑人。”胡仁爱说。',
    ],
    footer: ['阅读 1.3万　在看 22'],
    source: '002 p.26: Hu Renai, Wenzhou (Ruian) station in Aubervilliers, interview October 2021',
  },
  {
    slug: 'certificate-stockholm-appointment',
    layout: 'certificate',
    script: 'simplified',
    font: 'kai',
    fontSizePx: 18,
    deviceScaleFactor: 2,
    viewport: DESKTOP(640),
    format: 'png',
    site: '',
    title: '聘　书',
    body: [
      '兹【聘请】夏海龙同志为青田县【公安局】【警侨驿站】（瑞典斯德哥尔摩）负责人，负责驿站日常工作，协助开展涉侨服务和【海外联络员】联络工作。',
      '聘期三年，自2019年5月1日至2022年4月30日止。',
    ],
    footer: ['青田县【公安局】', '二〇一九年五月一日'],
    source: '002 p.29: certificate of appointment, Xia Hailong, Stockholm, three years',
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
    slug: 'gov-state-council-south-africa',
    layout: 'gov',
    script: 'simplified',
    font: 'serif',
    fontSizePx: 15,
    deviceScaleFactor: 1,
    viewport: DESKTOP(980),
    format: 'jpeg',
    jpegQuality: 85,
    lowContrast: true,
    site: '中华人民共和国中央人民政府',
    breadcrumb: '首页 > 新闻 > 要闻',
    meta: ['2017-10-23 07:12', '来源：经济日报'],
    title: '全球安全治理的中国方案：“【天网】”恢恢 “【猎狐】”不止',
    body: [
      '在南非，中国警务联络官联合当地主要【侨团】成立“中国侨社警民合作中心”。华侨华人遇到问题，可向中心反映，再由中心与当地警方沟通协调解决。目前南非已成立9个警民合作中心。在国内，南通市【公安局】率先成立全国首个海内外【警侨联动服务中心】，“【天网】”“【猎狐】”等行动成效显著。',
    ],
    source: '002 p.8, p.12: Economic Daily on the State Council website, October 2017',
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

/** Glossary terms the set must exercise, each several times (the renderer warns when thin). */
export const REQUIRED_TERMS = [
  '警侨驿站',
  '聘请',
  '劝返',
  '猎狐',
  '天网',
  '警侨联动',
  '警侨之家',
  '海外联络员',
  '海外联络点',
  '海外联络站',
  '侨领',
  '侨团',
  '统战部',
  '授牌',
  '海外110',
  '追逃追赃',
  '维稳',
  '中央纪委',
  '走出去',
  '以侨治侨',
] as const;

/** The glossary form a trap could be mistaken for, where the trap text is not a form itself. */
export const TRAP_LOOKALIKE: Record<string, string> = { 菜鸟驿站: '警侨驿站' };
