import { postChatMessage } from "../domain/conferences/chat";
import { decideAdmission, endConference } from "../domain/conferences/decide-admission";
import { joinConference } from "../domain/conferences/join-conference";
import { loadMembership } from "../domain/conferences/load-membership";
import { parseInput } from "../validation";
import {
  AdmissionDecisionInput,
  ConferenceIdInput,
  ModerateParticipantInput,
  RaiseHandInput,
} from "../domain/conferences/conferences.schema";
import { requireAdmittedMember } from "../domain/conferences/load-membership";
import { DomainError } from "../errors";
import { getSfu } from "../sfu/sfu";
import { on, type AppSocket } from "./handler";
import { conferenceRoom, moderatorsRoom, practitionerRoom } from "./rooms";
import type { SignallingServer } from "./index";

/** Conference signalling without media: the door (lobby), presence, chat, the end. */
export function registerConferenceHandlers(io: SignallingServer, socket: AppSocket) {
  on(socket, "conference:join", async ({ db, me }, payload) => {
    const result = await joinConference(db, me, payload);
    const { conferenceId } = parseInput(ConferenceIdInput, payload);
    if (result.admission === "admitted") {
      await socket.join(conferenceRoom(conferenceId));
      if (result.grants.moderate) await socket.join(moderatorsRoom(conferenceId));
      socket
        .to(conferenceRoom(conferenceId))
        .emit("participant:joined", { conferenceId, practitionerId: me.practitionerId });
    } else {
      io.to(moderatorsRoom(conferenceId)).emit("lobby:waiting", {
        conferenceId,
        practitionerId: me.practitionerId,
      });
    }
    return result;
  });

  on(socket, "lobby:decide", async ({ db, me }, payload) => {
    const result = await decideAdmission(db, me, payload);
    const input = parseInput(AdmissionDecisionInput, payload);
    io.to(practitionerRoom(input.practitionerId)).emit("lobby:decided", {
      conferenceId: input.conferenceId,
      admission: result.admission,
    });
    if (result.admission === "removed") {
      io.in(practitionerRoom(input.practitionerId)).socketsLeave(conferenceRoom(input.conferenceId));
      (await getSfu()?.findRoom(input.conferenceId))?.removePractitioner(input.practitionerId);
    }
    return result;
  });

  on(socket, "chat:send", async ({ db, me }, payload) => {
    const message = await postChatMessage(db, me, payload);
    const event = {
      id: message.id,
      conferenceId: message.conferenceId,
      practitionerId: message.practitionerId,
      body: message.body,
      createdAt: message.createdAt.toISOString(),
    };
    io.to(conferenceRoom(message.conferenceId)).emit("chat:message", event);
    return event;
  });

  on(socket, "hand:raise", async ({ db, me }, payload) => {
    const input = parseInput(RaiseHandInput, payload);
    const member = await requireAdmittedMember(db, me, input.conferenceId);
    if (!member.grants.raiseHand)
      throw new DomainError("FORBIDDEN", "この役割では挙手できません / Your role does not raise hands");
    io.to(conferenceRoom(input.conferenceId)).emit("hand:changed", {
      conferenceId: input.conferenceId,
      practitionerId: me.practitionerId,
      raised: input.raised,
    });
    return null;
  });

  on(socket, "moderation:mute", async ({ db, me }, payload) => {
    const input = parseInput(ModerateParticipantInput, payload);
    const member = await requireAdmittedMember(db, me, input.conferenceId);
    if (!member.grants.moderate) throw new DomainError("FORBIDDEN", "司会者だけが行えます / Moderators only");
    await (await getSfu()?.findRoom(input.conferenceId))?.muteMicrophoneOf(input.practitionerId);
    io.to(practitionerRoom(input.practitionerId)).emit("moderation:muted", {
      conferenceId: input.conferenceId,
    });
    return null;
  });

  on(socket, "conference:leave", async ({ db, me }, payload) => {
    const { conferenceId } = parseInput(ConferenceIdInput, payload);
    await loadMembership(db, me, conferenceId);
    await socket.leave(conferenceRoom(conferenceId));
    await socket.leave(moderatorsRoom(conferenceId));
    io.to(conferenceRoom(conferenceId)).emit("participant:left", {
      conferenceId,
      practitionerId: me.practitionerId,
    });
    return null;
  });

  on(socket, "conference:end", async ({ db, me }, payload) => {
    await endConference(db, me, payload);
    const { conferenceId } = parseInput(ConferenceIdInput, payload);
    io.to(conferenceRoom(conferenceId)).emit("conference:ended", { conferenceId });
    io.in(conferenceRoom(conferenceId)).socketsLeave(conferenceRoom(conferenceId));
    return null;
  });
}
