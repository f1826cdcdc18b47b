/** The demo's named cast: the facilities, users (with their sign-ins) and patients the README walks through. */
import { formatRegionalId } from "../../domain/patients/regional-id";
import { type PractitionerRole, type Profession } from "./network";

export const DEMO_TOTP_ENROLLED_AT = new Date("2026-04-01T09:00:00+09:00");

// ---------------------------------------------------------------------------
// The fixed demo facilities, users and patients the README and tests rely on

export type DemoFacilityKey =
  | "demoHospital"
  | "rehabHospital"
  | "demoClinic"
  | "dentalClinic"
  | "pharmacy"
  | "careFacility"
  | "visitingNurse"
  | "networkOffice";

interface DemoFacility {
  readonly name: string;
  readonly nameKana: string;
  readonly nameEn: string;
  /** Short name of the municipality (names.ts) it stands in. */
  readonly municipality: string;
}

/**
 * The first facility of each kind is fixed, so demo sign-ins land somewhere
 * named the same on every seed: the demo hospital is the first and largest
 * hospital, the rehabilitation hospital the second, and so on.
 */
export const DEMO_FACILITIES: { readonly [K in DemoFacilityKey]: DemoFacility } = {
  demoHospital: {
    name: "米沢中央病院",
    nameKana: "ヨネザワチュウオウビョウイン",
    nameEn: "Yonezawa Chuo Hospital",
    municipality: "米沢",
  },
  rehabHospital: {
    name: "南陽リハビリテーション病院",
    nameKana: "ナンヨウリハビリテーションビョウイン",
    nameEn: "Nanyo Rehabilitation Hospital",
    municipality: "南陽",
  },
  demoClinic: {
    name: "長井さくら内科クリニック",
    nameKana: "ナガイサクラナイカクリニック",
    nameEn: "Nagai Sakura Internal Medicine Clinic",
    municipality: "長井",
  },
  dentalClinic: {
    name: "小林歯科医院",
    nameKana: "コバヤシシカイイン",
    nameEn: "Kobayashi Dental Clinic",
    municipality: "長井",
  },
  pharmacy: {
    name: "長井みどり薬局",
    nameKana: "ナガイミドリヤッキョク",
    nameEn: "Nagai Midori Pharmacy",
    municipality: "長井",
  },
  careFacility: {
    name: "居宅介護支援事業所 ながいひまわり",
    nameKana: "キョタクカイゴシエンジギョウショ ナガイヒマワリ",
    nameEn: "Nagai Himawari Care Management Office",
    municipality: "長井",
  },
  visitingNurse: {
    name: "訪問看護ステーションながい",
    nameKana: "ホウモンカンゴステーションナガイ",
    nameEn: "Visiting Nurse Station Nagai",
    municipality: "長井",
  },
  networkOffice: {
    name: "置賜地域医療情報ネットワーク協議会事務局",
    nameKana: "オキタマチイキイリョウジョウホウネットワークキョウギカイジムキョク",
    nameEn: "Okitama Regional Medical Information Network Office",
    municipality: "米沢",
  },
};

export interface DemoUser {
  readonly loginId: string;
  readonly profession: Profession;
  readonly roles: readonly PractitionerRole[];
  /** Which demo facility the user works at. */
  readonly facility: DemoFacilityKey;
  /** The department (診療科) by name, for doctors. */
  readonly department?: string;
  /** Enrolled users sign in with the demo TOTP secret; the others enrol on first sign-in. */
  readonly enrolled: boolean;
  readonly familyName: string;
  readonly givenName: string;
  readonly familyNameKana: string;
  readonly givenNameKana: string;
  readonly descriptionJa: string;
  readonly descriptionEn: string;
}

interface DemoUserSpec extends Pick<
  DemoUser,
  "loginId" | "profession" | "roles" | "facility" | "department"
> {
  /** "山田 誠": family and given name */
  name: string;
  kana: string;
  ja: string;
  en: string;
  enrolled?: boolean;
}

function demoUser({
  loginId,
  profession,
  roles,
  facility,
  department,
  name,
  kana,
  ja,
  en,
  enrolled = true,
}: DemoUserSpec): DemoUser {
  const [familyName = "", givenName = ""] = name.split(" ");
  const [familyNameKana = "", givenNameKana = ""] = kana.split(" ");
  const place = DEMO_FACILITIES[facility];
  return {
    loginId,
    profession,
    ...(department ? { department } : {}),
    roles,
    facility,
    enrolled,
    familyName,
    givenName,
    familyNameKana,
    givenNameKana,
    descriptionJa: `${ja}（${place.name}）`,
    descriptionEn: `${en} (${place.nameEn})`,
  };
}

export const DEMO_USERS: readonly DemoUser[] = [
  demoUser({
    loginId: "gp.yamada",
    profession: "physician",
    roles: ["staff"],
    facility: "demoClinic",
    department: "内科",
    name: "山田 誠",
    kana: "ヤマダ マコト",
    ja: "診療所の医師・紹介元",
    en: "Clinic GP who refers patients",
  }),
  demoUser({
    loginId: "dr.sato",
    profession: "physician",
    roles: ["staff"],
    facility: "demoHospital",
    department: "脳神経外科",
    name: "佐藤 健太郎",
    kana: "サトウ ケンタロウ",
    ja: "病院の脳神経外科医",
    en: "Hospital neurosurgeon",
  }),
  demoUser({
    loginId: "liaison.suzuki",
    profession: "liaison",
    roles: ["staff"],
    facility: "demoHospital",
    name: "鈴木 由美",
    kana: "スズキ ユミ",
    ja: "地域医療連携室",
    en: "Regional liaison office",
  }),
  demoUser({
    loginId: "ns.takahashi",
    profession: "nurse",
    roles: ["staff"],
    facility: "demoHospital",
    name: "高橋 美咲",
    kana: "タカハシ ミサキ",
    ja: "病棟看護師",
    en: "Ward nurse",
  }),
  demoUser({
    loginId: "clerk.kato",
    profession: "clerk",
    roles: ["staff"],
    facility: "demoHospital",
    name: "加藤 舞",
    kana: "カトウ マイ",
    ja: "医事課・同意書の登録",
    en: "Medical clerk who records consents",
  }),
  demoUser({
    loginId: "admin.hosp",
    profession: "physician",
    roles: ["staff", "facility_admin"],
    facility: "demoHospital",
    department: "内科",
    name: "斎藤 浩",
    kana: "サイトウ ヒロシ",
    ja: "施設管理者（医師）",
    en: "Facility administrator (physician)",
  }),
  demoUser({
    loginId: "pt.nakamura",
    profession: "therapist",
    roles: ["staff"],
    facility: "rehabHospital",
    name: "中村 翔太",
    kana: "ナカムラ ショウタ",
    ja: "理学療法士・回復期リハビリ",
    en: "Physiotherapist, rehabilitation ward",
  }),
  demoUser({
    loginId: "vn.tanaka",
    profession: "visiting_nurse",
    roles: ["staff"],
    facility: "visitingNurse",
    name: "田中 恵子",
    kana: "タナカ ケイコ",
    ja: "訪問看護師",
    en: "Visiting nurse",
  }),
  demoUser({
    loginId: "ph.ito",
    profession: "pharmacist",
    roles: ["staff"],
    facility: "pharmacy",
    name: "伊藤 直樹",
    kana: "イトウ ナオキ",
    ja: "薬局の薬剤師",
    en: "Community pharmacist",
  }),
  demoUser({
    loginId: "cm.watanabe",
    profession: "care_manager",
    roles: ["staff"],
    facility: "careFacility",
    name: "渡辺 智子",
    kana: "ワタナベ トモコ",
    ja: "ケアマネジャー",
    en: "Care manager",
  }),
  demoUser({
    loginId: "dent.kobayashi",
    profession: "dentist",
    roles: ["staff"],
    facility: "dentalClinic",
    name: "小林 大輔",
    kana: "コバヤシ ダイスケ",
    ja: "歯科医師",
    en: "Dentist",
  }),
  demoUser({
    loginId: "office.okinet",
    profession: "clerk",
    roles: ["staff", "network_admin"],
    facility: "networkOffice",
    name: "吉田 亜紀",
    kana: "ヨシダ アキ",
    ja: "ネットワーク事務局・管理者",
    en: "Network office administrator",
  }),
  demoUser({
    loginId: "new.user",
    profession: "physician",
    roles: ["staff"],
    facility: "demoClinic",
    name: "森 拓也",
    kana: "モリ タクヤ",
    ja: "二要素認証の初回登録を体験する医師",
    en: "Physician who has not enrolled two-factor sign-in yet",
    enrolled: false,
  }),
];

/** Regional IDs of the two patients the demo walks through. */
export const DEMO_PATIENTS = {
  /** 山田 花子: consented at the demo hospital, shared with the demo clinic, pharmacy and visiting nurses. */
  consented: formatRegionalId(1),
  /** 佐藤 一郎: consented at the rehabilitation hospital only; the demo clinic and hospital must not see him. */
  notConsented: formatRegionalId(2),
} as const;
