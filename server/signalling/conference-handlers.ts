import { postChatMessage } from "../domain/conferences/chat";
import { decideAdmission, endConference } from "../domain/conferences/decide-admission";
import { enterConference } from "../domain/conferences/join-conference";
import { loadMembership, requireAdmittedParticipant } from "../domain/conferences/load-membership";
import { parseInput } from "../validation";
import {
  ConferenceIdInput,
  ModerateParticipantInput,
  RaiseHandInput,
} from "../domain/conferences/conferences.schema";
import { DomainError, msg } from "../errors";
import { getSfu } from "../sfu/sfu";
import { hostOf } from "./hosting";
import { socketState } from "./socket-state";
import { on, type AppSocket } from "./handler";
import { othersMayBeIn } from "./room-peers";
import type { MediaEntry } from "./media-handlers";
import { ConferenceEntryMediaInput } from "../sfu/media.schema";
import { getConferenceHosts } from "../cluster/conference-hosts";
import { conferencePractitionerRoom, conferenceRoom, moderatorsRoom } from "./rooms";
import type { SignallingServer } from "./events";

/**
 * Conference signalling without media: the door (lobby), presence, chat, the
 * end. What a lobby decision and the end do to other sockets follows the
 * domain's conference events (server/signalling/index.ts), whoever made them.
 */
export function registerConferenceHandlers(io: SignallingServer, socket: AppSocket, enterMedia: MediaEntry) {
  on(
    socket,
    "conference:join",
    async ({ db, me }, payload) => {
      // a bad media flag is refused before entering writes anything
      const { media } = parseInput(ConferenceEntryMediaInput, payload);
      const { result, membership } = await enterConference(db, me, payload);
      const { conferenceId } = parseInput(ConferenceIdInput, payload);
      const node = getConferenceHosts().nodeId;
      if (result.admission === "admitted") {
        // admitted here, as on any node; the room's media may be hosted on another node: go there
        const host = await hostOf(conferenceId);
        if (host !== node) return { ...result, node, moveTo: host };
        await socket.join([
          conferenceRoom(conferenceId),
          conferencePractitionerRoom(conferenceId, me.practitionerId),
        ]);
        if (result.grants.moderate) await socket.join(moderatorsRoom(conferenceId));
        socketState(socket)?.remember(
          conferenceId,
          membership,
          socket.rooms.has(conferenceRoom(conferenceId)),
        );
        // the entrant's media with the entry, before the others are told (their pages render then)
        const entered = media
          ? await enterMedia(conferenceId, me.practitionerId, true).catch(() => undefined)
          : undefined;
        socket
          .to(conferenceRoom(conferenceId))
          .emit("participant:joined", { conferenceId, practitionerId: me.practitionerId });
        return { ...result, node, ...(entered ? { media: entered } : {}) };
      } else {
        io.to(moderatorsRoom(conferenceId)).emit("lobby:waiting", {
          conferenceId,
          practitionerId: me.practitionerId,
        });
      }
      return { ...result, node };
    },
    // entering the media too costs what `media:join` with both transports does
    (payload) => ((payload as { media?: unknown } | null)?.media === true ? 3 : 1),
  );

  on(socket, "lobby:decide", ({ db, me }, payload) => decideAdmission(db, me, payload));

  on(socket, "chat:send", async ({ db, me, member }, payload) => {
    const message = await postChatMessage(db, me, payload, member);
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

  on(socket, "hand:raise", async ({ me, member }, payload) => {
    const input = parseInput(RaiseHandInput, payload);
    if (!(await member(input.conferenceId)).grants.raiseHand)
      throw new DomainError("FORBIDDEN", msg("signalling.roleDoesNotRaiseHands"));
    // to the room's other sockets (the raiser's other tabs included): the raiser learns from
    // its ack. Its own copy was a second frame and a second socket write per event, about a
    // third of the server's CPU for the event (issue 16); alone in the room, no frame at all
    const room = conferenceRoom(input.conferenceId);
    if (othersMayBeIn(socket, room))
      socket.to(room).emit("hand:changed", {
        conferenceId: input.conferenceId,
        practitionerId: me.practitionerId,
        raised: input.raised,
      });
    return null;
  });

  // the one muted must be in this conference's room, and only their sockets in it are told
  on(socket, "moderation:mute", async ({ db, member }, payload) => {
    const input = parseInput(ModerateParticipantInput, payload);
    if (!(await member(input.conferenceId)).grants.moderate)
      throw new DomainError("FORBIDDEN", msg("signalling.moderatorsOnly"));
    await requireAdmittedParticipant(db, input.conferenceId, input.practitionerId);
    await (await getSfu()?.findRoom(input.conferenceId))?.muteMicrophoneOf(input.practitionerId);
    io.to(conferencePractitionerRoom(input.conferenceId, input.practitionerId)).emit("moderation:muted", {
      conferenceId: input.conferenceId,
    });
    return null;
  });

  // only a socket that was in the room leaves it: one still in the lobby (or never there) tells nobody anything
  on(socket, "conference:leave", async ({ db, me }, payload) => {
    const { conferenceId } = parseInput(ConferenceIdInput, payload);
    if (!socket.rooms.has(conferenceRoom(conferenceId))) {
      await loadMembership(db, me, conferenceId); // outsiders and unknown ids are refused, as before
      return null;
    }
    await socket.leave(conferenceRoom(conferenceId));
    await socket.leave(moderatorsRoom(conferenceId));
    await socket.leave(conferencePractitionerRoom(conferenceId, me.practitionerId));
    io.to(conferenceRoom(conferenceId)).emit("participant:left", {
      conferenceId,
      practitionerId: me.practitionerId,
    });
    return null;
  });

  on(socket, "conference:end", async ({ db, me }, payload) => {
    await endConference(db, me, payload);
    return null;
  });
}
