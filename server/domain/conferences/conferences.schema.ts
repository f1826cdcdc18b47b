import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";

const instant = z.iso.datetime({
  offset: true,
  message:
    "日時はタイムゾーン付きで指定してください（例 2026-12-01T18:30:00+09:00） / Give a date and time with its time zone",
});

export const CreateConferenceInput = z
  .object({
    title: singleLineText().trim().min(1, "件名を入力してください / Enter a title").max(200),
    kind: z.enum(["case_conference", "pathway_meeting", "consultation"]),
    /** who waits in the lobby: every invitee, those of other facilities only (the host's colleagues walk in), or nobody */
    lobbyPolicy: z
      .enum(
        ["everyone", "other_facilities", "nobody"],
        "待合室の使い方を選んでください / Choose the lobby policy",
      )
      .default("everyone"),
    /** absent: an ad-hoc conference, open at once */
    scheduledStart: instant.optional(),
    scheduledEnd: instant.optional(),
    invitees: z
      .array(
        z.object({
          practitionerId: z.uuid(),
          role: z.enum(["moderator", "participant", "observer"]).default("participant"),
        }),
      )
      .max(100, "招待は100人までです / At most 100 invitees"),
    agenda: z
      .array(z.object({ patientId: z.uuid(), question: plainText().trim().max(2000).default("") }))
      .max(30, "症例は30件までです / At most 30 cases"),
    /** cases named by regional patient ID (as typed on the form), resolved inside consent */
    agendaRegionalIds: z.array(singleLineText().trim().toUpperCase().max(20)).max(30).default([]),
  })
  .superRefine((v, ctx) => {
    if (!!v.scheduledStart !== !!v.scheduledEnd) {
      ctx.addIssue({
        code: "custom",
        path: ["scheduledEnd"],
        message: "開始と終了の両方を指定してください / Give both start and end",
      });
    } else if (
      v.scheduledStart &&
      v.scheduledEnd &&
      Date.parse(v.scheduledEnd) <= Date.parse(v.scheduledStart)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["scheduledEnd"],
        message: "終了は開始より後にしてください / The end must be after the start",
      });
    }
    const ids = v.invitees.map((i) => i.practitionerId);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({
        code: "custom",
        path: ["invitees"],
        message: "同じ人が重複しています / Someone is invited twice",
      });
    }
  });

const version = z.number("版を数値で指定してください / Give the version as a number").int().min(1);

/** The host moves or renames a scheduled conference (times as instants with their offset). */
export const RescheduleConferenceInput = z
  .object({
    conferenceId: z.uuid("会議IDが不正です / Invalid conference id"),
    version,
    title: singleLineText().trim().min(1, "件名を入力してください / Enter a title").max(200),
    scheduledStart: instant,
    scheduledEnd: instant,
  })
  .superRefine((v, ctx) => {
    if (Date.parse(v.scheduledEnd) <= Date.parse(v.scheduledStart)) {
      ctx.addIssue({
        code: "custom",
        path: ["scheduledEnd"],
        message: "終了は開始より後にしてください / The end must be after the start",
      });
    }
  });

export const CancelConferenceInput = z.object({
  conferenceId: z.uuid("会議IDが不正です / Invalid conference id"),
  version,
});

export const ConferenceIdInput = z.object({
  conferenceId: z.uuid("会議IDが不正です / Invalid conference id"),
});

export const AdmissionDecisionInput = z.object({
  conferenceId: z.uuid(),
  practitionerId: z.uuid(),
  decision: z.enum(["admit", "refuse", "remove"]),
});

export const ChatMessageInput = z.object({
  conferenceId: z.uuid(),
  body: plainText()
    .trim()
    .min(1, "メッセージを入力してください / Enter a message")
    .max(2000, "メッセージは2000文字までです / At most 2000 characters"),
});

export const RaiseHandInput = z.object({ conferenceId: z.uuid(), raised: z.boolean() });
export const ModerateParticipantInput = z.object({ conferenceId: z.uuid(), practitionerId: z.uuid() });
