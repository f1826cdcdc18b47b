const ja = {
  title: "地域連携パス",
  notAllowed: "あなたの職種では地域連携パスを扱えません。",
  // the notification centre's wording: `${kind}.${event}`; a handover request's event is the stage asked for
  notifications: {
    "pathway_handover_requested.cancelled": "パスの引き継ぎ依頼が取り消されました",
    "pathway_handover_answered.accepted": "パスの引き継ぎが受け入れられました",
    "pathway_handover_answered.declined": "パスの引き継ぎが辞退されました",
  } as Record<string, string>,
  handoverRequested: "パスの引き継ぎ依頼が届きました",
};

export type PathwaysMessages = typeof ja;

const en: PathwaysMessages = {
  title: "Care pathways",
  notAllowed: "Your profession does not handle care pathways.",
  notifications: {
    "pathway_handover_requested.cancelled": "A pathway handover request was withdrawn",
    "pathway_handover_answered.accepted": "A pathway handover was accepted",
    "pathway_handover_answered.declined": "A pathway handover was declined",
  },
  handoverRequested: "A pathway handover was requested",
};

export const pathways = { ja, en };
