/**
 * The demo deployment's units: Gansu province (GB/T 2260 codes), its 14 cities and prefectures and
 * 兰州新区, the districts and counties of 兰州市, and the provincial departments named in 甘政发〔2016〕83号
 * (seeds/000), with the line departments' bureaus in every city.
 */
export const ROOT = { code: "620000", name: "甘肃省", nameEn: "Gansu Province" };

export const CITIES: { code: string; name: string; nameEn: string; quality: number; trend: number }[] = [
  { code: "620100", name: "兰州市", nameEn: "Lanzhou", quality: 0.93, trend: 0.004 },
  { code: "620200", name: "嘉峪关市", nameEn: "Jiayuguan", quality: 0.96, trend: 0.0 },
  { code: "620300", name: "金昌市", nameEn: "Jinchang", quality: 0.9, trend: 0.006 },
  { code: "620400", name: "白银市", nameEn: "Baiyin", quality: 0.8, trend: 0.012 },
  { code: "620500", name: "天水市", nameEn: "Tianshui", quality: 0.86, trend: -0.004 },
  { code: "620600", name: "武威市", nameEn: "Wuwei", quality: 0.76, trend: 0.015 },
  { code: "620700", name: "张掖市", nameEn: "Zhangye", quality: 0.88, trend: 0.002 },
  { code: "620800", name: "平凉市", nameEn: "Pingliang", quality: 0.71, trend: 0.01 },
  { code: "620900", name: "酒泉市", nameEn: "Jiuquan", quality: 0.9, trend: -0.008 },
  { code: "621000", name: "庆阳市", nameEn: "Qingyang", quality: 0.79, trend: 0.0 },
  { code: "621100", name: "定西市", nameEn: "Dingxi", quality: 0.66, trend: 0.018 },
  { code: "621200", name: "陇南市", nameEn: "Longnan", quality: 0.55, trend: -0.012 },
  { code: "622900", name: "临夏回族自治州", nameEn: "Linxia Hui Autonomous Prefecture", quality: 0.64, trend: 0.02 },
  { code: "623000", name: "甘南藏族自治州", nameEn: "Gannan Tibetan Autonomous Prefecture", quality: 0.54, trend: 0.01 },
  { code: "620171", name: "兰州新区", nameEn: "Lanzhou New Area", quality: 0.83, trend: 0.008 },
];

export const LANZHOU_COUNTIES: { code: string; name: string; nameEn: string }[] = [
  { code: "620102", name: "城关区", nameEn: "Chengguan District" },
  { code: "620103", name: "七里河区", nameEn: "Qilihe District" },
  { code: "620104", name: "西固区", nameEn: "Xigu District" },
  { code: "620105", name: "安宁区", nameEn: "Anning District" },
  { code: "620111", name: "红古区", nameEn: "Honggu District" },
  { code: "620121", name: "永登县", nameEn: "Yongdeng County" },
  { code: "620122", name: "皋兰县", nameEn: "Gaolan County" },
  { code: "620123", name: "榆中县", nameEn: "Yuzhong County" },
];

/**
 * Provincial departments (names as of the 2016 plan). `bureau` names the city-level body of a line
 * department that decides licences and penalties itself; `volume` is its records per city and month.
 */
export const DEPARTMENTS: { code: string; name: string; nameEn: string; bureau?: string; bureauEn?: string; volume?: number }[] = [
  { code: "FGW", name: "省发展改革委", nameEn: "Gansu Development and Reform Commission", bureau: "发展改革委", bureauEn: "Development and Reform Commission", volume: 8 },
  { code: "GSJ", name: "省工商局", nameEn: "Gansu Administration for Industry and Commerce", bureau: "工商局", bureauEn: "Administration for Industry and Commerce", volume: 70 },
  { code: "JRB", name: "省政府金融办", nameEn: "Gansu Financial Affairs Office" },
  { code: "RHLZ", name: "人行兰州中心支行", nameEn: "People's Bank of China Lanzhou Central Sub-branch" },
  { code: "ZJJ", name: "省质监局", nameEn: "Gansu Bureau of Quality and Technical Supervision", bureau: "质监局", bureauEn: "Quality and Technical Supervision Bureau", volume: 25 },
  { code: "GGZY", name: "省公共资源交易局", nameEn: "Gansu Public Resources Trading Bureau" },
  { code: "FY", name: "省法院", nameEn: "Gansu Higher People's Court" },
  { code: "MZT", name: "省民政厅", nameEn: "Gansu Department of Civil Affairs", bureau: "民政局", bureauEn: "Civil Affairs Bureau", volume: 10 },
  { code: "WMB", name: "省文明办", nameEn: "Gansu Civilization Office" },
  { code: "CZT", name: "省财政厅", nameEn: "Gansu Department of Finance" },
  { code: "JYT", name: "省教育厅", nameEn: "Gansu Department of Education", bureau: "教育局", bureauEn: "Education Bureau", volume: 8 },
  { code: "GSWJ", name: "省国税局", nameEn: "Gansu Provincial Office, State Administration of Taxation", bureau: "国税局", bureauEn: "State Taxation Bureau", volume: 30 },
  { code: "DSJ", name: "省地税局", nameEn: "Gansu Local Taxation Bureau", bureau: "地税局", bureauEn: "Local Taxation Bureau", volume: 25 },
  { code: "AJJ", name: "省安监局", nameEn: "Gansu Work Safety Administration", bureau: "安监局", bureauEn: "Work Safety Bureau", volume: 15 },
  { code: "FZB", name: "省政府法制办", nameEn: "Gansu Legislative Affairs Office" },
  { code: "YJJ", name: "甘肃银监局", nameEn: "Gansu Banking Regulatory Bureau" },
  { code: "SWT", name: "省商务厅", nameEn: "Gansu Department of Commerce", bureau: "商务局", bureauEn: "Commerce Bureau", volume: 8 },
  { code: "RST", name: "省人社厅", nameEn: "Gansu Department of Human Resources and Social Security", bureau: "人社局", bureauEn: "Human Resources and Social Security Bureau", volume: 15 },
  { code: "JCY", name: "省检察院", nameEn: "Gansu People's Procuratorate" },
  { code: "GAT", name: "省公安厅", nameEn: "Gansu Department of Public Security", bureau: "公安局", bureauEn: "Public Security Bureau", volume: 35 },
  { code: "HBT", name: "省环保厅", nameEn: "Gansu Department of Environmental Protection", bureau: "环保局", bureauEn: "Environmental Protection Bureau", volume: 15 },
  { code: "JST", name: "省建设厅", nameEn: "Gansu Department of Housing and Urban-Rural Development", bureau: "住建局", bureauEn: "Housing and Urban-Rural Development Bureau", volume: 25 },
  { code: "SYJ", name: "省食品药品监管局", nameEn: "Gansu Food and Drug Administration", bureau: "食品药品监管局", bureauEn: "Food and Drug Administration", volume: 40 },
  { code: "GXW", name: "省工信委", nameEn: "Gansu Commission of Industry and Information Technology", bureau: "工信局", bureauEn: "Industry and Information Technology Bureau", volume: 6 },
  { code: "WXB", name: "省网信办", nameEn: "Gansu Cyberspace Affairs Office" },
  { code: "ZJJU", name: "甘肃证监局", nameEn: "Gansu Securities Regulatory Bureau" },
  { code: "BJJ", name: "甘肃保监局", nameEn: "Gansu Insurance Regulatory Bureau" },
  { code: "XCB", name: "省委宣传部", nameEn: "Publicity Department of the Gansu Provincial Committee" },
  { code: "JTT", name: "省交通运输厅", nameEn: "Gansu Department of Transport", bureau: "交通运输局", bureauEn: "Transport Bureau", volume: 30 },
  { code: "SLT", name: "省水利厅", nameEn: "Gansu Department of Water Resources", bureau: "水务局", bureauEn: "Water Affairs Bureau", volume: 8 },
  { code: "NMT", name: "省农牧厅", nameEn: "Gansu Department of Agriculture and Animal Husbandry", bureau: "农牧局", bureauEn: "Agriculture and Animal Husbandry Bureau", volume: 15 },
  { code: "GTT", name: "省国土资源厅", nameEn: "Gansu Department of Land and Resources", bureau: "国土资源局", bureauEn: "Land and Resources Bureau", volume: 15 },
  { code: "WJW", name: "省卫生计生委", nameEn: "Gansu Health and Family Planning Commission", bureau: "卫生计生委", bureauEn: "Health and Family Planning Commission", volume: 25 },
  { code: "WHT", name: "省文化厅", nameEn: "Gansu Department of Culture", bureau: "文化局", bureauEn: "Culture Bureau", volume: 10 },
  { code: "LYW", name: "省旅游发展委", nameEn: "Gansu Tourism Development Commission", bureau: "旅游局", bureauEn: "Tourism Bureau", volume: 6 },
  { code: "LYT", name: "省林业厅", nameEn: "Gansu Forestry Department", bureau: "林业局", bureauEn: "Forestry Bureau", volume: 6 },
  { code: "TJJ", name: "省统计局", nameEn: "Gansu Statistics Bureau", bureau: "统计局", bureauEn: "Statistics Bureau", volume: 4 },
  { code: "SJT", name: "省审计厅", nameEn: "Gansu Audit Office" },
  { code: "KJT", name: "省科技厅", nameEn: "Gansu Department of Science and Technology", bureau: "科技局", bureauEn: "Science and Technology Bureau", volume: 4 },
  { code: "SFT", name: "省司法厅", nameEn: "Gansu Department of Justice", bureau: "司法局", bureauEn: "Justice Bureau", volume: 6 },
];

/** The line departments whose bureaus also sit in every district and county of 兰州市. */
export const COUNTY_LINES = ["GSJ", "SYJ", "GAT", "JST", "GSWJ", "JTT"];

export const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔";
export const GIVEN = ["建国", "秀英", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "志强", "海燕", "玉兰", "文", "斌", "晓东", "春梅", "永红", "红梅", "德明", "国庆"];
export const COMPANY_WORDS = ["陇原", "丝路", "金城", "祁连", "敦煌", "黄河", "河西", "天马", "陇南", "雪域", "飞天", "崆峒", "麦积", "阳关", "玉门", "星火", "华岳", "西部"];
export const COMPANY_TRADES = ["商贸有限公司", "建筑工程有限公司", "食品有限公司", "餐饮管理有限公司", "物流有限公司", "农业科技有限公司", "药业有限公司", "矿业有限责任公司", "旅游开发有限公司", "汽车运输有限公司", "医疗器械有限公司", "房地产开发有限公司"];
export const AREAS = ["食品药品", "安全生产", "税收", "工程建设", "环境保护", "交通运输", "产品质量", "劳动保障", "金融", "电子商务"];
