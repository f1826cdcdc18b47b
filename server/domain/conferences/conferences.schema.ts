import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { msg } from "../../errors";

const instant = z.iso.datetime({
  offset: true,
  message: msg("conferences.giveDateTimeTimeZone"),
});

export const CreateConferenceInput = z
  .object({
    title: singleLineText().trim().min(1, msg("conferences.enterTitle")).max(200),
    kind: z.enum(["case_conference", "pathway_meeting", "consultation"]),
    /** who waits in the lobby: every invitee, those of other facilities only (the host's colleagues walk in), or nobody */
    lobbyPolicy: z
      .enum(["everyone", "other_facilities", "nobody"], msg("conferences.chooseLobbyPolicy"))
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
      .max(100, msg("conferences.most100Invitees")),
    agenda: z
      .array(z.object({ patientId: z.uuid(), question: plainText().trim().max(2000).default("") }))
      .max(30, msg("conferences.most30Cases")),
    /** cases named by regional patient ID (as typed on the form), resolved inside consent */
    agendaRegionalIds: z.array(singleLineText().trim().toUpperCase().max(20)).max(30).default([]),
  })
  .superRefine((v, ctx) => {
    if (!!v.scheduledStart !== !!v.scheduledEnd) {
      ctx.addIssue({
        code: "custom",
        path: ["scheduledEnd"],
        message: msg("conferences.giveBothStartEnd"),
      });
    } else if (
      v.scheduledStart &&
      v.scheduledEnd &&
      Date.parse(v.scheduledEnd) <= Date.parse(v.scheduledStart)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["scheduledEnd"],
        message: msg("conferences.endMustAfterStart"),
      });
    }
    const ids = v.invitees.map((i) => i.practitionerId);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({
        code: "custom",
        path: ["invitees"],
        message: msg("pathwayMeetings.someoneInvitedTwice"),
      });
    }
  });

const version = z.number(msg("conferences.giveVersionAsNumber")).int().min(1);

/** The host moves or renames a scheduled conference (times as instants with their offset). */
export const RescheduleConferenceInput = z
  .object({
    conferenceId: z.uuid(msg("conferences.invalidConferenceId")),
    version,
    title: singleLineText().trim().min(1, msg("conferences.enterTitle")).max(200),
    scheduledStart: instant,
    scheduledEnd: instant,
  })
  .superRefine((v, ctx) => {
    if (Date.parse(v.scheduledEnd) <= Date.parse(v.scheduledStart)) {
      ctx.addIssue({
        code: "custom",
        path: ["scheduledEnd"],
        message: msg("conferences.endMustAfterStart"),
      });
    }
  });

export const CancelConferenceInput = z.object({
  conferenceId: z.uuid(msg("conferences.invalidConferenceId")),
  version,
});

export const ConferenceIdInput = z.object({
  conferenceId: z.uuid(msg("conferences.invalidConferenceId")),
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
    .min(1, msg("conferences.enterMessage"))
    .max(2000, msg("conferences.most2000Characters")),
});

export const RaiseHandInput = z.object({ conferenceId: z.uuid(), raised: z.boolean() });
export const ModerateParticipantInput = z.object({ conferenceId: z.uuid(), practitionerId: z.uuid() });
