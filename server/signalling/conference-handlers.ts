import { postChatMessage } from "../domain/conferences/chat";
import { decideAdmission, endConference } from "../domain/conferences/decide-admission";
import { joinConference } from "../domain/conferences/join-conference";
import { loadMembership } from "../domain/conferences/load-membership";
import { parseInput } from "../validation";
import { AdmissionDecisionInput, ConferenceIdInput } from "../domain/conferences/conferences.schema";
import { on, type AppSocket } from "./handler";
import type { SignallingServer } from "./index";

export const conferenceRoom = (id: string) => `conference:${id}`;
export const moderatorsRoom = (id: string) => `conference:${id}:moderators`;
const personalRoom = (practitionerId: string) => `practitioner:${practitionerId}`;

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
    io.to(personalRoom(input.practitionerId)).emit("lobby:decided", {
      conferenceId: input.conferenceId,
      admission: result.admission,
    });
    if (result.admission === "removed") {
      io.in(personalRoom(input.practitionerId)).socketsLeave(conferenceRoom(input.conferenceId));
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
