/**
 * The Chinese text of the holdout pages (bench/holdout/): written for this set, in the voice of
 * the pages termlens users read (police and United Front news, overseas station notices, Hong
 * Kong and Taiwanese reports on them), never copied from the seeds or from samples/. Written in
 * simplified script; a traditional page converts it with opencc-js at render time.
 *
 * Every glossary form in this text is meant as a hit: `npm run bench:quality -- --set holdout
 * --review` lists them in context (there are no traps here; samples/ has those).
 */

export type Article = {
  id: string;
  site: string;
  title: string;
  meta: string;
  paragraphs: string[];
  /** A picture caption (the page shows a picture above it). */
  caption?: string;
};

export type Card = { heading: string; text: string };

export const ARTICLES: Article[] = [
  {
    id: 'ruian-station',
    site: '瑞安市公安局',
    title: '瑞安市首个警侨驿站在米兰挂牌运行',
    meta: '来源：瑞安市公安局　2023-04-18　浏览次数：1372',
    paragraphs: [
      '4月16日，瑞安市公安局在意大利米兰举行警侨驿站授牌仪式，当地侨领、侨团负责人等四十余人到场。驿站将为旅居当地的瑞安籍侨胞提供证件咨询、远程视频办证、纠纷调解等服务。',
      '据介绍，驿站由当地侨商会牵头组建，并聘请三名热心侨务的华侨担任海外联络员，负责收集侨情、协助处置涉侨纠纷。市局出入境管理大队还将定期开展线上培训——做到“侨胞有求，驿站必应”。',
    ],
    caption: '图为授牌仪式现场（瑞安市公安局供图）',
  },
  {
    id: 'fuqing-persuade',
    site: '福清侨乡新闻网',
    title: '福清警方借助海外联络点劝返一名外逃人员',
    meta: '记者　林晓　通讯员　陈立　发布时间：2022年9月2日',
    paragraphs: [
      '日前，在福清市公安局和海外联络点的共同努力下，一名潜逃海外六年的电信网络诈骗犯罪嫌疑人回国投案。据悉，该嫌疑人于2016年出逃，此后一直藏匿在东南亚某国。',
      '办案民警通过当地侨团多次做其家属工作，讲明政策、释法说理……最终促使其主动联系使领馆，办理回国手续。这是今年以来福清市通过海外联络点成功劝返的第三人。',
    ],
  },
  {
    id: 'skynet-2023',
    site: '廉政瞭望',
    title: '“天网2023”行动持续推进追逃追赃工作',
    meta: '本刊综合报道　2023年12月',
    paragraphs: [
      '中央纪委国家监委近日通报，“天网2023”行动启动以来，各地共追回外逃人员一千余名，其中“红通人员”三十余名，追回赃款数十亿元。通报要求，持续加大追逃追赃力度，织密织牢防逃网。',
      '通报指出，要深化国际执法合作，用好刑事司法协助和引渡条约；对拒不归案的，依法启动缺席审判程序。各地公安机关同步开展“猎狐”专项行动，坚持追逃、防逃、追赃一体推进。',
    ],
  },
  {
    id: 'lishui-united-front',
    site: '丽水统战',
    title: '丽水市召开海外侨团负责人座谈会',
    meta: '丽水市委统战部　2021-11-05',
    paragraphs: [
      '11月3日，丽水市委统战部召开海外侨团负责人视频座谈会，来自西班牙、葡萄牙、巴西等十二个国家的侨领参加。会议通报了全市侨务工作情况，听取了侨胞对家乡发展的意见和建议。',
      '会议强调，要坚持以侨治侨、以侨引侨，充分发挥海外侨团的桥梁纽带作用，引导广大侨胞讲好中国故事，助力企业“走出去”。与会侨领纷纷表示，将积极配合家乡做好统战工作。',
    ],
  },
  {
    id: 'nantong-linkage',
    site: '江海警讯',
    title: '警侨联动守护侨胞平安　海外110热线五年接听求助逾万次',
    meta: '南通市公安局新闻中心　2022年6月30日',
    paragraphs: [
      '记者从南通市公安局获悉，自海外110报警求助热线开通以来，累计接听境外求助电话一万零四百余次，帮助侨胞解决护照遗失、劳务纠纷、交通事故等各类问题。',
      '市局依托警侨联动机制，在二十个国家和地区设立海外联络站，并在重点侨乡建成警侨之家十六个。下一步，将推动“线上+线下”服务融合，让侨胞足不出户即可办理业务。',
    ],
  },
  {
    id: 'wenzhou-liaison',
    site: '温州侨乡报',
    title: '温州公安新聘海外联络员一百二十名',
    meta: '2019-03-21　来源：温州侨乡报　作者：周敏',
    paragraphs: [
      '3月20日，温州市公安局举行海外联络员聘请仪式，为来自三十个国家的一百二十名侨胞颁发聘书。这批联络员大多是当地侨团骨干，将协助开展法律宣传、矛盾调处和维稳工作。',
      '市局负责人介绍，联络员须遵守所在国法律，主要承担“三项任务”：一、收集反映侨情民意；二、协助处置突发事件；三、配合做好劝返等工作。',
    ],
  },
  {
    id: 'qingtian-police',
    site: '青田县人民政府',
    title: '青田县公安局召开海外警务工作推进会',
    meta: '发布日期：2020-08-12　信息来源：县公安局　字号：大 中 小',
    paragraphs: [
      '8月11日，青田县公安局召开海外警务工作推进会，总结上半年海外联络点运行情况。会议指出，各联络点在疫情期间协助侨胞办理证件、组织物资捐赠，发挥了重要作用。',
      '会议要求，要进一步完善警侨联动机制，规范海外联络员管理，做好重点人员的稳控工作；同时加强与侨联、侨办等部门的协作，形成工作合力。',
    ],
  },
  {
    id: 'hk-report',
    site: '时事评论周刊',
    title: '调查：海外“服务站”背后的统战网络',
    meta: '本报记者　2022年11月8日　国际版',
    paragraphs: [
      '一份人权组织报告指，中国多地公安机关在五大洲设立数十个海外联络站，部分以“警侨驿站”“华助中心”等名义运作。报告引述官方报道称，这些站点曾参与劝返外逃人员。',
      '报告认为，站点多依托当地侨团和侨领运作，与统战部门关系密切，是“以侨治侨”策略的一环。多国政府已表示关注，并要求中方说明情况。',
    ],
  },
];

/** Short items for the grid pages: one card each, read card by card. */
export const CARDS: Card[] = [
  { heading: '警侨驿站', text: '为侨胞提供证件咨询和远程视频办证服务，周一至周五开放。' },
  { heading: '海外联络员', text: '由当地侨团推荐，经审核后聘请，协助收集侨情、调解纠纷。' },
  { heading: '海外110', text: '境外侨胞遇到困难时可拨打求助热线，民警全天候接听。' },
  { heading: '追逃追赃', text: '配合天网行动，开展劝返和追赃工作，依法维护侨胞权益。' },
  { heading: '侨领座谈', text: '每季度召开一次侨领座谈会，听取意见，通报侨务工作。' },
  { heading: '警侨之家', text: '在重点侨乡设立，为归侨侨眷提供政策宣传和法律援助。' },
  { heading: '统战工作', text: '统战部牵头联系海外侨团，引导侨胞支持家乡建设。' },
  { heading: '猎狐行动', text: '公安部部署开展，重点追缉外逃经济犯罪嫌疑人。' },
  { heading: '维稳工作', text: '联络点协助做好重点人员稳控，及时报告有关动态。' },
];

/** Headlines for side bars ("related news"), read apart from the article. */
export const SIDEBAR_LINKS: string[] = [
  '侨乡派出所开展“为侨服务”主题活动',
  '海外联络站协助侨胞办理护照换发',
  '市侨联走访慰问归侨侨眷',
  '警侨联动机制入选全省创新案例',
  '国际警务合作培训班开班',
];

/** Lines for the vertical pages: top to bottom, the columns right to left, as traditional print sets them. */
export const VERTICAL_TEXT: string[] = [
  '海外侨团座谈会纪要',
  '本月十日，县委统战部邀请旅欧侨领座谈，',
  '通报家乡近况，并就海外联络点的运作交换意见。',
  '与会者表示，将协助警侨驿站做好服务，',
  '配合有关部门开展劝返工作。',
];
