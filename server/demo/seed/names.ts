/**
 * Word lists for the synthetic demo network. Common Japanese names and real
 * place names of the Okitama region; every combination the generator makes is
 * invented, and no list here describes a real person or a real facility.
 */

export interface NameEntry {
  readonly written: string;
  readonly kana: string;
}

/** "佐藤:サトウ 鈴木:スズキ ..." -> entries; keeps the lists readable and short. */
function parseNames(text: string): NameEntry[] {
  return text
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [written, kana] = pair.split(":");
      if (!written || !kana) throw new Error(`names.ts: malformed entry "${pair}"`);
      return { written, kana };
    });
}

/**
 * Family names, roughly most common first (the generator weights by rank). The
 * national top names are mixed with ones typical of Okitama (我妻, 梅津, 舟山,
 * 須貝, 海老名, 渡部 read ワタナベ).
 */
export const FAMILY_NAMES: readonly NameEntry[] = parseNames(`
佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 伊藤:イトウ 渡部:ワタナベ 斎藤:サイトウ 遠藤:エンドウ 佐々木:ササキ
加藤:カトウ 渡辺:ワタナベ 田中:タナカ 小林:コバヤシ 山田:ヤマダ 後藤:ゴトウ 菅野:カンノ 我妻:ワガツマ
梅津:ウメツ 安部:アベ 阿部:アベ 舟山:フナヤマ 須貝:スガイ 海老名:エビナ 井上:イノウエ 木村:キムラ
吉田:ヨシダ 山口:ヤマグチ 中村:ナカムラ 山本:ヤマモト 松本:マツモト 林:ハヤシ 清水:シミズ 山崎:ヤマザキ
森:モリ 池田:イケダ 橋本:ハシモト 石川:イシカワ 山下:ヤマシタ 中島:ナカジマ 石井:イシイ 小川:オガワ
前田:マエダ 岡田:オカダ 長谷川:ハセガワ 藤田:フジタ 近藤:コンドウ 村上:ムラカミ 青木:アオキ 坂本:サカモト
斉藤:サイトウ 福田:フクダ 太田:オオタ 西村:ニシムラ 藤井:フジイ 金子:カネコ 岡本:オカモト 藤原:フジワラ
中野:ナカノ 三浦:ミウラ 原田:ハラダ 中川:ナカガワ 松田:マツダ 竹内:タケウチ 小野:オノ 田村:タムラ
中山:ナカヤマ 和田:ワダ 石田:イシダ 森田:モリタ 上田:ウエダ 原:ハラ 内田:ウチダ 柴田:シバタ
酒井:サカイ 宮崎:ミヤザキ 横山:ヨコヤマ 高木:タカギ 安藤:アンドウ 宮本:ミヤモト 大野:オオノ 小島:コジマ
谷口:タニグチ 今井:イマイ 工藤:クドウ 高田:タカダ 増田:マスダ 丸山:マルヤマ 杉山:スギヤマ 村田:ムラタ
大塚:オオツカ 新井:アライ 小山:コヤマ 平野:ヒラノ 藤本:フジモト 河野:コウノ 上野:ウエノ 野口:ノグチ
武田:タケダ 松井:マツイ 千葉:チバ 岩崎:イワサキ 菅原:スガワラ 木下:キノシタ 久保:クボ 佐野:サノ
野村:ノムラ 松尾:マツオ 市川:イチカワ 菊地:キクチ 杉本:スギモト 古川:フルカワ 大西:オオニシ 島田:シマダ
水野:ミズノ 桜井:サクライ 高野:タカノ 吉川:ヨシカワ 山内:ヤマウチ 西田:ニシダ 飯田:イイダ 菊池:キクチ
西川:ニシカワ 小松:コマツ 北村:キタムラ 安田:ヤスダ 五十嵐:イガラシ 川口:カワグチ 平田:ヒラタ 関:セキ
中田:ナカタ 久保田:クボタ 服部:ハットリ 東:アズマ 岩田:イワタ 土屋:ツチヤ 川崎:カワサキ 本田:ホンダ
樋口:ヒグチ 秋山:アキヤマ 田口:タグチ 永井:ナガイ 吉村:ヨシムラ 大久保:オオクボ 須藤:スドウ 大橋:オオハシ
浅野:アサノ 星:ホシ 大沼:オオヌマ 奥山:オクヤマ 石山:イシヤマ 片倉:カタクラ 黒田:クロダ 高梨:タカナシ
冨樫:トガシ 板垣:イタガキ 結城:ユウキ 長谷部:ハセベ 小関:コセキ 芳賀:ハガ 土田:ツチダ 丹野:タンノ
須田:スダ 安達:アダチ 大竹:オオタケ 小野寺:オノデラ 佐久間:サクマ 本間:ホンマ 細谷:ホソヤ 大滝:オオタキ
今野:コンノ 桑原:クワバラ 庄司:ショウジ 沼沢:ヌマザワ 色摩:シカマ 寒河江:サガエ 髙橋:タカハシ 新野:ニイノ
相田:アイダ 金田:カネダ 竹田:タケダ 平間:ヒラマ 水戸部:ミトベ 齋藤:サイトウ 保科:ホシナ 鈴野:スズノ
`);

/**
 * Given names by the era they were usual in, so a patient born in 1935 is not
 * called 陽翔. Older women's names written in katakana (ハル, キヨ) are how
 * they appear in real registers.
 */
export const MALE_GIVEN_NAMES_BY_ERA = {
  /** born before about 1955 */
  older: parseNames(`
    一郎:イチロウ 茂:シゲル 勇:イサム 清:キヨシ 修:オサム 博:ヒロシ 進:ススム 正:タダシ 実:ミノル 勝:マサル
    和夫:カズオ 正男:マサオ 幸雄:ユキオ 義雄:ヨシオ 弘:ヒロシ 昭:アキラ 秀夫:ヒデオ 敏夫:トシオ 三郎:サブロウ
    次郎:ジロウ 信夫:ノブオ 光男:ミツオ 昭夫:アキオ 恒夫:ツネオ 文雄:フミオ 忠:タダシ 国男:クニオ 貞夫:サダオ
    政雄:マサオ 辰雄:タツオ 重雄:シゲオ 良一:リョウイチ 清治:セイジ 喜一:キイチ 栄一:エイイチ 吉男:ヨシオ
    利夫:トシオ 春男:ハルオ 富雄:トミオ 善治:ゼンジ 久雄:ヒサオ 武:タケシ 稔:ミノル 豊:ユタカ 正一:ショウイチ
  `),
  /** born about 1955 to 1995 */
  middle: parseNames(`
    健一:ケンイチ 誠:マコト 明:アキラ 隆:タカシ 太郎:タロウ 健二:ケンジ 大輔:ダイスケ 拓也:タクヤ 直樹:ナオキ
    雄一:ユウイチ 達也:タツヤ 和也:カズヤ 哲也:テツヤ 剛:ツヨシ 学:マナブ 聡:サトシ 宏:ヒロシ 浩二:コウジ
    康弘:ヤスヒロ 健:ケン 智也:トモヤ 雅人:マサト 秀樹:ヒデキ 英樹:ヒデキ 正和:マサカズ 孝:タカシ 徹:トオル
    浩一:コウイチ 伸一:シンイチ 慎一:シンイチ 裕介:ユウスケ 俊介:シュンスケ 健太郎:ケンタロウ 淳:ジュン
    浩:ヒロシ 勝也:カツヤ 貴之:タカユキ 克己:カツミ 和彦:カズヒコ 誠一:セイイチ
  `),
  /** born after about 1995 */
  younger: parseNames(`
    翔太:ショウタ 健太:ケンタ 亮:リョウ 翔:ショウ 蓮:レン 悠真:ユウマ 陽翔:ハルト 湊:ミナト 大和:ヤマト
    悠人:ユウト 颯太:ソウタ 陽太:ヨウタ 蒼:アオイ 樹:イツキ 大翔:ヒロト 優斗:ユウト 陸:リク 海斗:カイト
    拓海:タクミ 大樹:ダイキ 涼介:リョウスケ 圭:ケイ 亮太:リョウタ 航:ワタル 悠:ユウ 蒼空:ソラ 奏太:カナタ
    律:リツ 朝陽:アサヒ 碧:アオ
  `),
} as const;

export const FEMALE_GIVEN_NAMES_BY_ERA = {
  older: parseNames(`
    花子:ハナコ 幸子:サチコ 和子:カズコ 節子:セツコ 静子:シズコ 千代:チヨ ハル:ハル キヨ:キヨ トミ:トミ ミツ:ミツ
    ヨシ:ヨシ 貞子:サダコ 文子:フミコ 富子:トミコ 清子:キヨコ 芳子:ヨシコ 正子:マサコ 信子:ノブコ 悦子:エツコ
    光子:ミツコ 敏子:トシコ 昭子:アキコ 澄子:スミコ 喜代子:キヨコ 照子:テルコ 美代子:ミヨコ 八重子:ヤエコ
    和代:カズヨ 幸江:ユキエ 孝子:タカコ 良子:ヨシコ 栄子:エイコ 春江:ハルエ 久子:ヒサコ 房子:フサコ
    初枝:ハツエ フミ:フミ タケ:タケ ツル:ツル ウメ:ウメ 千恵子:チエコ
  `),
  middle: parseNames(`
    恵子:ケイコ 洋子:ヨウコ 京子:キョウコ 美智子:ミチコ 久美子:クミコ 裕子:ユウコ 由美子:ユミコ 智子:トモコ
    直子:ナオコ 典子:ノリコ 明美:アケミ 陽子:ヨウコ 真由美:マユミ 純子:ジュンコ 弘子:ヒロコ 由美:ユミ 美穂:ミホ
    真理子:マリコ 恵美:エミ 香織:カオリ 早苗:サナエ 由紀:ユキ 亜紀:アキ 綾子:アヤコ 桂子:ケイコ 晴美:ハルミ
    泰子:ヤスコ 英子:エイコ 紀子:ノリコ 淳子:ジュンコ 理恵:リエ 沙織:サオリ 美香:ミカ 優子:ユウコ 智美:トモミ
    朋子:トモコ 雅子:マサコ 美奈子:ミナコ 里美:サトミ 道子:ミチコ 恵:メグミ 友美:トモミ
  `),
  younger: parseNames(`
    美咲:ミサキ 舞:マイ 愛:アイ 彩:アヤ 麻衣:マイ 奈々:ナナ 絵美:エミ 結衣:ユイ 陽菜:ヒナ 葵:アオイ 結愛:ユア
    凛:リン 芽依:メイ 紬:ツムギ 咲良:サクラ 美桜:ミオ 莉子:リコ 心春:コハル 杏:アン 花:ハナ 彩花:アヤカ
    美月:ミツキ 千尋:チヒロ 遥:ハルカ 七海:ナナミ 真央:マオ 楓:カエデ 詩:ウタ 澪:ミオ 日葵:ヒマリ
  `),
} as const;

export type Era = keyof typeof MALE_GIVEN_NAMES_BY_ERA;

export const MALE_GIVEN_NAMES: readonly NameEntry[] = Object.values(MALE_GIVEN_NAMES_BY_ERA).flat();
export const FEMALE_GIVEN_NAMES: readonly NameEntry[] = Object.values(FEMALE_GIVEN_NAMES_BY_ERA).flat();

export interface Municipality {
  /** 米沢市 */
  readonly name: string;
  readonly nameKana: string;
  /** 米沢: the short form facility names start with */
  readonly short: string;
  readonly shortKana: string;
  /** What precedes the municipality in an address: prefecture and, for towns, the county. */
  readonly addressPrefix: string;
  /** First five characters of the postal codes used (synthetic within the area's range). */
  readonly postalPrefix: string;
  /** Local exchange digits after 0238 (synthetic). */
  readonly exchanges: readonly string[];
  /** Relative population, to place patients and facilities. */
  readonly weight: number;
  /** Districts (町名・大字) used in addresses. */
  readonly towns: readonly string[];
}

/** The eight municipalities of the Okitama secondary medical region, largest first. */
export const OKITAMA_MUNICIPALITIES: readonly Municipality[] = [
  {
    name: "米沢市",
    nameKana: "ヨネザワシ",
    short: "米沢",
    shortKana: "ヨネザワ",
    addressPrefix: "山形県",
    postalPrefix: "992-00",
    exchanges: ["21", "22", "23", "24", "26", "37", "38"],
    weight: 75,
    towns: [
      "金池",
      "城南",
      "松が岬",
      "丸の内",
      "門東町",
      "中央",
      "駅前",
      "花沢町",
      "相生町",
      "大町",
      "林泉寺",
      "窪田町",
      "塩井町",
      "万世町",
    ],
  },
  {
    name: "長井市",
    nameKana: "ナガイシ",
    short: "長井",
    shortKana: "ナガイ",
    addressPrefix: "山形県",
    postalPrefix: "993-00",
    exchanges: ["84", "88"],
    weight: 26,
    towns: ["本町", "栄町", "館町", "十日町", "高野町", "小出", "今泉", "成田", "宮"],
  },
  {
    name: "南陽市",
    nameKana: "ナンヨウシ",
    short: "南陽",
    shortKana: "ナンヨウ",
    addressPrefix: "山形県",
    postalPrefix: "999-22",
    exchanges: ["40", "43", "47"],
    weight: 30,
    towns: ["赤湯", "宮内", "椚塚", "三間通", "郡山", "漆山", "梨郷", "金山"],
  },
  {
    name: "高畠町",
    nameKana: "タカハタマチ",
    short: "高畠",
    shortKana: "タカハタ",
    addressPrefix: "山形県東置賜郡",
    postalPrefix: "992-03",
    exchanges: ["52", "56", "57"],
    weight: 22,
    towns: ["高畠", "糠野目", "深沼", "安久津", "福沢", "竹森", "亀岡", "二井宿", "時沢"],
  },
  {
    name: "川西町",
    nameKana: "カワニシマチ",
    short: "川西",
    shortKana: "カワニシ",
    addressPrefix: "山形県東置賜郡",
    postalPrefix: "999-01",
    exchanges: ["42", "46"],
    weight: 14,
    towns: ["上小松", "中小松", "大塚", "玉庭", "吉島", "犬川", "西大塚"],
  },
  {
    name: "小国町",
    nameKana: "オグニマチ",
    short: "小国",
    shortKana: "オグニ",
    addressPrefix: "山形県西置賜郡",
    postalPrefix: "999-13",
    exchanges: ["61", "62"],
    weight: 7,
    towns: ["小国小坂町", "岩井沢", "五味沢", "沖庭", "舟渡", "市野々"],
  },
  {
    name: "白鷹町",
    nameKana: "シラタカマチ",
    short: "白鷹",
    shortKana: "シラタカ",
    addressPrefix: "山形県西置賜郡",
    postalPrefix: "992-08",
    exchanges: ["85", "86"],
    weight: 13,
    towns: ["荒砥甲", "荒砥乙", "鮎貝", "十王", "畔藤", "黒鴨", "山口"],
  },
  {
    name: "飯豊町",
    nameKana: "イイデマチ",
    short: "飯豊",
    shortKana: "イイデ",
    addressPrefix: "山形県西置賜郡",
    postalPrefix: "999-06",
    exchanges: ["72", "75"],
    weight: 7,
    towns: ["椿", "萩生", "手ノ子", "添川", "中", "松原", "黒沢"],
  },
];

/** Words that make facility names ("米沢中央病院", "長井さくら内科クリニック"). */
export const FACILITY_NAME_WORDS: readonly NameEntry[] = parseNames(`
中央:チュウオウ 駅前:エキマエ 本町:ホンマチ さくら:サクラ みどり:ミドリ あおば:アオバ ひかり:ヒカリ すずらん:スズラン
ひまわり:ヒマワリ あさひ:アサヒ つばさ:ツバサ こすもす:コスモス わかば:ワカバ やまびこ:ヤマビコ 城南:ジョウナン
城西:ジョウセイ 東:ヒガシ 西:ニシ 南:ミナミ 北:キタ 松が岬:マツガサキ 最上川:モガミガワ 吾妻:アヅマ 千歳:チトセ
双葉:フタバ 桜町:サクラマチ 緑町:ミドリチョウ 花園:ハナゾノ けやき:ケヤキ ふたば:フタバ たんぽぽ:タンポポ
`);

/** Clinic specialties as they appear in clinic names, with the department they imply. */
export const CLINIC_SPECIALTIES: readonly (NameEntry & { readonly department: string })[] = [
  { written: "内科", kana: "ナイカ", department: "内科" },
  { written: "内科", kana: "ナイカ", department: "内科" },
  { written: "内科", kana: "ナイカ", department: "内科" },
  { written: "小児科", kana: "ショウニカ", department: "小児科" },
  { written: "整形外科", kana: "セイケイゲカ", department: "整形外科" },
  { written: "眼科", kana: "ガンカ", department: "眼科" },
  { written: "耳鼻咽喉科", kana: "ジビインコウカ", department: "耳鼻咽喉科" },
  { written: "皮膚科", kana: "ヒフカ", department: "皮膚科" },
  { written: "循環器内科", kana: "ジュンカンキナイカ", department: "循環器内科" },
  { written: "消化器内科", kana: "ショウカキナイカ", department: "消化器内科" },
  { written: "胃腸科", kana: "イチョウカ", department: "消化器内科" },
  { written: "泌尿器科", kana: "ヒニョウキカ", department: "泌尿器科" },
  { written: "脳神経外科", kana: "ノウシンケイゲカ", department: "脳神経外科" },
  { written: "心療内科", kana: "シンリョウナイカ", department: "心療内科" },
  { written: "外科", kana: "ゲカ", department: "外科" },
];

/** A clinic's second department, when it has one. */
export const CLINIC_SECOND_DEPARTMENTS: readonly string[] = [
  "内科",
  "小児科",
  "リハビリテーション科",
  "消化器内科",
  "循環器内科",
  "呼吸器内科",
  "アレルギー科",
  "皮膚科",
];

/** Hospital departments the referral module offers. */
export const HOSPITAL_DEPARTMENTS: readonly string[] = [
  "内科",
  "循環器内科",
  "脳神経内科",
  "脳神経外科",
  "整形外科",
  "リハビリテーション科",
  "外科",
  "消化器内科",
  "呼吸器内科",
  "小児科",
  "泌尿器科",
  "眼科",
];

/** What a department asks the referring GP to attach. */
export const GENERAL_REFERRAL_NOTES: readonly string[] = [
  "紹介状と直近の検査結果、画像CDを添付してください",
  "事前に地域医療連携室へお電話ください（平日8:30〜17:00）",
  "お薬手帳の写しを添付してください",
  "画像はCD-Rまたはネットワーク経由でお送りください",
  "受診希望日を第2希望まで記載してください",
];

export const DEPARTMENT_REFERRAL_NOTES: Readonly<Record<string, string>> = {
  循環器内科: "心電図と直近の採血結果を添付してください",
  脳神経内科: "発症日時と神経学的所見を記載してください",
  脳神経外科: "頭部CT・MRIがあれば画像を添付してください",
  整形外科: "X線画像と受傷機転を記載してください",
  リハビリテーション科: "地域連携パス（脳卒中・大腿骨頸部骨折）の患者さんを受け付けています",
  消化器内科: "内視鏡所見と採血結果を添付してください",
  呼吸器内科: "胸部X線画像を添付してください",
  小児科: "母子手帳の予防接種歴を記載してください",
  泌尿器科: "尿検査とPSAの結果を添付してください",
  眼科: "視力・眼圧の測定結果があれば添付してください",
};

/** Care facilities by type, and the soft words their names are made of. */
export const CARE_FACILITY_TYPES: readonly NameEntry[] = parseNames(`
介護老人保健施設:カイゴロウジンホケンシセツ 特別養護老人ホーム:トクベツヨウゴロウジンホーム
グループホーム:グループホーム 居宅介護支援事業所:キョタクカイゴシエンジギョウショ
小規模多機能ホーム:ショウキボタキノウホーム
`);

export const CARE_FACILITY_WORDS: readonly NameEntry[] = parseNames(`
やすらぎ:ヤスラギ ひまわり:ヒマワリ さくら:サクラ あおぞら:アオゾラ やまびこ:ヤマビコ すずらん:スズラン
なごみ:ナゴミ ひだまり:ヒダマリ かがやき:カガヤキ ふれあい:フレアイ せせらぎ:セセラギ もみじ:モミジ
`);

export const CARE_FACILITY_SUFFIXES: readonly NameEntry[] = parseNames(`
の里:ノサト 苑:エン 荘:ソウ の家:ノイエ
`);
