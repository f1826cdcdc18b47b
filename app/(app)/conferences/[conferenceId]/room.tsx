"use client";

import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { RtpCapabilities } from "mediasoup-client/types";
import type { ConferenceGrants } from "@/server/domain/conferences/grants";
import type { MediaJoinReply } from "@/app/ui/signalling-socket";
import type { MediaChoice } from "./devices";
import { MediaStage, type MediaLabels } from "./media-stage";
import { PreJoin, type PreJoinLabels } from "./pre-join";
import {
  deliverPushed,
  dropEarlyEntry,
  earlyConnection,
  enterRoom,
  rememberChoice,
  rememberedChoice,
  roomConnection,
  takeEarlyEntry,
  type Connection,
} from "./room-connection";
import { loadedDevice } from "./sfu-device";

export interface RoomLabels extends MediaLabels, PreJoinLabels {
  lobbyWaiting: string;
  lobbyRefused: string;
  lobbyRemoved: string;
  lobbyTitle: string;
  admit: string;
  refuse: string;
  chat: string;
  send: string;
  endForAll: string;
  ended: string;
  connecting: string;
  reconnecting: string;
  serverRestarting: string;
  raiseHand: string;
  lowerHand: string;
  handRaised: string;
  muteOther: string;
  removeOther: string;
}

interface ChatLine {
  id: string;
  practitionerId: string;
  body: string;
  createdAt: string;
}

/** the longest an entrant's own page render waits for their media session to be built */
const MEDIA_FIRST_MS = 3000;
/** how long others' pages wait before showing who entered (entrants' joins go first; several make one render) */
const JOINED_RENDER_MS = 1000;

function mergeChat(rendered: ChatLine[], live: ChatLine[]): ChatLine[] {
  const known = new Set(rendered.map((m) => m.id));
  const arrived = live.filter((m) => !known.has(m.id));
  if (arrived.length === 0) return rendered;
  return [...rendered, ...arrived].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

type Phase = "prejoin" | "connecting" | "waiting" | "admitted" | "refused" | "removed" | "ended" | "error";

/**
 * The room over socket.io: a device check first, then entering (through the
 * lobby), admitting others when one may moderate, chat, and the end. Media
 * joins this component with the SFU, and is built again each time the
 * connection comes back.
 */
export function Room(props: {
  conferenceId: string;
  me: string;
  grants: ConferenceGrants;
  initialStatus: string;
  initialWaiting: string[];
  names: Record<string, string>;
  /** admitted participants when the page was rendered */
  inRoom: string[];
  initialChat: ChatLine[];
  labels: RoomLabels;
  /** the SFU router's capabilities, when this node runs one: the media Device loads during the device check */
  routerRtpCapabilities: RtpCapabilities | null;
  /** entering again (`?enter=1`): with the devices of this tab's last check, without showing it */
  rejoin: boolean;
  children: ReactNode;
}) {
  const { conferenceId, labels, routerRtpCapabilities } = props;
  const router = useRouter();
  // made with the page and connected during the device check (authenticated, in no conference
  // yet): entering then costs one request, not a connection first. Entering again (?enter=1)
  // finds it made, and the entry sent, as the page's scripts loaded (room-connection.ts)
  const [connection] = useState<Connection | null>(() => {
    if (typeof window === "undefined") return null;
    if (props.initialStatus !== "ended") return earlyConnection(conferenceId) ?? roomConnection(conferenceId);
    dropEarlyEntry(conferenceId);
    return null;
  });
  const socket = connection?.socket ?? null;
  // the participant pressed enter (or came back with ?enter=1): from then on each connection enters
  const entered = useRef(false);
  const enterNow = useRef<() => void>(() => undefined);
  const [phase, setPhase] = useState<Phase>(
    props.initialStatus === "ended" ? "ended" : props.rejoin ? "connecting" : "prejoin",
  );
  // the devices chosen in the check
  const [choice, setChoice] = useState<MediaChoice | null>(null);
  // one number per entry on a live connection (media is built for it); null while disconnected
  const [mediaSession, setMediaSession] = useState<number | null>(null);
  const entries = useRef(0);
  // the media the last entry entered on the server, for the stage's session to start from (once)
  const enteredMedia = useRef<MediaJoinReply | null>(null);
  const takeEnteredMedia = () => {
    const entered = enteredMedia.current;
    enteredMedia.current = null;
    return entered;
  };
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<string[]>(props.grants.moderate ? props.initialWaiting : []);
  const [liveChat, setChat] = useState<ChatLine[]>([]);
  const [draft, setDraft] = useState("");
  const [hands, setHands] = useState<string[]>([]);
  // the server said it is stopping (a restart or an update): the reconnect that follows is expected
  const [restarting, setRestarting] = useState(false);
  // the app node this connection entered through (several nodes: where the conference's media is)
  const [node, setNode] = useState<string | null>(null);

  // The server said it is stopping, or the connection dropped: no render is asked for until the
  // connection is back (entering again renders the page then). A render asked of a server that
  // is going away fails, and the router then loads the whole page: the browser's own error page
  // instead of the room saying that the server restarts.
  const offline = useRef(false);
  // the server-rendered parts (header, people, agenda) rendered anew
  const refresh = useEffectEvent(() => {
    if (!offline.current) router.refresh();
  });
  // A render asked for while media is being set up waits: rendering the page on the server
  // takes the node's time that this entrant's (or another's) join needs. One render, `due` at
  // the latest, or as soon as this client's media session is built.
  const laterRender = useRef<{ timer: ReturnType<typeof setTimeout>; due: number } | null>(null);
  const dropLaterRender = () => {
    if (laterRender.current) clearTimeout(laterRender.current.timer);
    laterRender.current = null;
  };
  const renderNow = () => {
    if (!laterRender.current) return;
    dropLaterRender();
    if (!offline.current) router.refresh();
  };
  const refreshWithin = useEffectEvent((ms: number) => {
    if (offline.current) return;
    const due = Date.now() + ms;
    if (laterRender.current && laterRender.current.due <= due) return;
    dropLaterRender();
    laterRender.current = { due, timer: setTimeout(renderNow, ms) };
  });
  useEffect(() => () => clearTimeout(laterRender.current?.timer), []);
  // the page was rendered before we were admitted (the lobby), or entering changed it
  const afterEntering = useEffectEvent((changed: boolean) => {
    if (changed || !props.inRoom.includes(props.me)) refreshWithin(MEDIA_FIRST_MS);
  });
  // the chat: what the page rendered (again after each render: admitted from the lobby, the
  // history comes with it) and what arrived live, each line once, in order
  const chat = mergeChat(props.initialChat, liveChat);
  useEffect(() => {
    if (!connection) return;
    const { socket, query } = connection;
    let moving = false;
    const moveTo = (node: string) => {
      query.node = node;
      moving = true;
      socket.disconnect();
      socket.connect();
    };
    // the entry sent as the page loaded (?enter=1), taken by the first entry on this connection;
    // the events the server pushed before these listeners were there are handed to them after
    // its answer, as they would have come
    let early = takeEarlyEntry(socket);
    const join = async () => {
      const taken = early;
      early = null;
      // the media is entered with the room (both transports made) when we are admitted: the
      // stage starts from that reply instead of asking for it after this one
      const reply = taken ? await taken.entry.catch(() => null) : await enterRoom(socket, conferenceId);
      // the early connection dropped before its answer: the next connection enters again
      if (!reply) return;
      try {
        answered(reply);
      } finally {
        if (taken) deliverPushed(socket, taken.pushed);
      }
    };
    const answered = (reply: Awaited<ReturnType<typeof enterRoom>>) => {
      if (reply.ok && reply.data.moveTo) {
        moveTo(reply.data.moveTo);
        return;
      }
      if (reply.ok) {
        setNode(reply.data.node);
        setPhase(reply.data.admission);
        if (reply.data.admission === "admitted") {
          enteredMedia.current = reply.data.media ?? null;
          setMediaSession((entries.current += 1));
          // the header, the people and the chat's history (rendered on the server) show what
          // entering changed, once our media is up
          afterEntering(reply.data.changed);
        }
      } else {
        setPhase("error");
        setError(reply.error.message);
      }
    };
    // a dropped socket reconnects and the client enters the same room again; the server has
    // dropped this client's media with the old connection, so the stage builds it anew
    socket.on("connect", () => {
      moving = false;
      offline.current = false;
      setRestarting(false);
      if (entered.current) void join();
    });
    enterNow.current = () => {
      if (socket.connected) void join();
    };
    socket.on("server:restarting", () => {
      offline.current = true;
      dropLaterRender();
      setRestarting(true);
    });
    socket.on("disconnect", () => {
      offline.current = true;
      dropLaterRender();
      // a dropped node may be gone for good: the balancer picks a live one, which says where the room is now
      if (!moving) delete query.node;
      setMediaSession(null);
    });
    socket.on("connect_error", () => delete query.node);
    socket.on("conference:moved", (p) => {
      if (p.conferenceId === conferenceId) moveTo(p.nodeId);
    });
    socket.on("lobby:waiting", (p) => {
      if (p.conferenceId !== conferenceId) return;
      setWaiting((w) => (w.includes(p.practitionerId) ? w : [...w, p.practitionerId]));
      refresh();
    });
    socket.on("lobby:decided", (p) => {
      if (p.conferenceId !== conferenceId) return;
      // join() refreshes the server-rendered parts once admitted
      if (p.admission === "admitted") {
        void join();
      } else setPhase(p.admission === "refused" ? "refused" : "removed");
    });
    // the people list follows within a second; several entrants make one render, after their joins
    socket.on("participant:joined", () => refreshWithin(JOINED_RENDER_MS));
    socket.on("hand:changed", (p) => {
      if (p.conferenceId !== conferenceId) return;
      setHands((h) =>
        p.raised ? [...new Set([...h, p.practitionerId])] : h.filter((id) => id !== p.practitionerId),
      );
    });
    socket.on("chat:message", (m) => {
      if (m.conferenceId === conferenceId) setChat((c) => (c.some((x) => x.id === m.id) ? c : [...c, m]));
    });
    // the coordinator changed the pathway agenda or recorded a decision: the server renders it anew for this reader
    socket.on("agenda:changed", (p) => {
      if (p.conferenceId === conferenceId) refresh();
    });
    socket.on("conference:ended", (p) => {
      if (p.conferenceId === conferenceId) setPhase("ended");
    });
    // the room's streams as they come and go until the stage takes the entry's media: what the
    // server told between its answer and the stage's first listening is not lost
    socket.on("media:newProducer", (p) => {
      const media = enteredMedia.current;
      if (media && !media.producers.some((x) => x.producerId === p.producerId))
        media.producers = [...media.producers, p];
    });
    socket.on("media:producerClosed", (p) => {
      const media = enteredMedia.current;
      if (media) media.producers = media.producers.filter((x) => x.producerId !== p.producerId);
    });
    socket.on("media:activeSpeaker", (p) => {
      const media = enteredMedia.current;
      if (media)
        media.activeSpeaker =
          p.practitionerId && p.peerId ? { practitionerId: p.practitionerId, peerId: p.peerId } : null;
    });
    // an early connection is under way already (connecting it twice would ask socket.io twice)
    if (!socket.active) socket.connect();
    return () => {
      enterNow.current = () => undefined;
      socket.off();
      socket.close();
    };
  }, [connection, conferenceId]);

  const enter = (c: MediaChoice) => {
    setChoice(c);
    setPhase("connecting");
    rememberChoice(conferenceId, c);
    entered.current = true;
    // not yet connected: the connection enters as soon as it is
    enterNow.current();
  };
  const enterAgain = useEffectEvent((remembered: MediaChoice | null) => {
    if (remembered) enter(remembered);
    else setPhase("prejoin");
  });
  useEffect(() => {
    // loading the media Device probes the browser: done now, while the check is on screen
    // (once: the same capabilities after a refresh find the Device loaded)
    if (routerRtpCapabilities) loadedDevice(routerRtpCapabilities).catch(() => undefined);
  }, [routerRtpCapabilities]);
  useEffect(() => {
    // a refresh of the page (a new status) must not enter a second time
    if (!props.rejoin || props.initialStatus === "ended" || entered.current) return;
    // the tab's storage is only there in the browser: read after the first render, entered (or
    // the check shown, when this tab never did one) right after
    const remembered = rememberedChoice(conferenceId);
    queueMicrotask(() => enterAgain(remembered));
  }, [conferenceId, props.rejoin, props.initialStatus]);

  const decide = async (practitionerId: string, decision: "admit" | "refuse") => {
    const reply = await socket?.emitWithAck("lobby:decide", {
      conferenceId,
      practitionerId,
      decision,
    });
    if (reply?.ok) {
      setWaiting((w) => w.filter((id) => id !== practitionerId));
      router.refresh();
    } else if (reply) setError(reply.error.message);
  };

  /** A participant's or moderator's command whose reply says only whether it was done. */
  const emit = async (
    event: "hand:raise" | "moderation:mute" | "lobby:decide",
    payload: Record<string, unknown>,
  ) => {
    const reply = await socket?.emitWithAck(event, { conferenceId, ...payload });
    if (reply && !reply.ok) setError(reply.error.message);
    return reply?.ok ?? false;
  };
  const myHandUp = hands.includes(props.me);
  // the room hears of it from the server (hand:changed); this tab from its answer
  const raiseHand = async (raised: boolean) => {
    if (await emit("hand:raise", { raised }))
      setHands((h) => (raised ? [...new Set([...h, props.me])] : h.filter((id) => id !== props.me)));
  };

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await socket?.emitWithAck("chat:send", { conferenceId, body: draft });
    if (reply?.ok) {
      setDraft("");
      setChat((c) => (c.some((x) => x.id === reply.data.id) ? c : [...c, reply.data]));
    } else if (reply) setError(reply.error.message);
  };

  const end = async () => {
    const reply = await socket?.emitWithAck("conference:end", { conferenceId });
    if (reply && !reply.ok) setError(reply.error.message);
  };

  if (phase === "ended")
    return (
      <p className="card" data-testid="room-ended">
        {labels.ended}
      </p>
    );
  if (phase === "refused" || phase === "removed")
    return (
      <p className="card border-red-300 bg-red-50 text-red-800" data-testid="room-refused">
        {phase === "refused" ? labels.lobbyRefused : labels.lobbyRemoved}
      </p>
    );
  if (phase === "error")
    return (
      <p role="alert" className="card border-red-300 bg-red-50 text-red-800">
        {error}
      </p>
    );
  if (phase === "prejoin" || !choice) return <PreJoin grants={props.grants} labels={labels} onJoin={enter} />;
  if (phase === "connecting") return <p className="card">{labels.connecting}</p>;
  if (phase === "waiting")
    return (
      <p className="card border-amber-300 bg-amber-50" data-testid="lobby-waiting">
        {labels.lobbyWaiting}
      </p>
    );

  return (
    <div className="grid gap-4 lg:grid-cols-[2fr_1fr]" data-testid="room" data-node={node ?? undefined}>
      <div className="min-w-0 space-y-4">
        {restarting ? (
          <p role="status" className="card border-amber-300 bg-amber-50" data-testid="server-restarting">
            {labels.serverRestarting}
          </p>
        ) : (
          mediaSession === null && (
            <p role="status" className="card border-amber-300 bg-amber-50" data-testid="reconnecting">
              {labels.reconnecting}
            </p>
          )
        )}
        {socket && (
          <MediaStage
            socket={socket}
            session={mediaSession}
            choice={choice}
            me={props.me}
            conferenceId={conferenceId}
            grants={props.grants}
            names={props.names}
            labels={labels}
            routerRtpCapabilities={routerRtpCapabilities}
            onSettled={renderNow}
            takeEnteredMedia={takeEnteredMedia}
          />
        )}
        {props.children}
      </div>
      <aside className="space-y-4">
        {props.grants.moderate && waiting.length > 0 && (
          <section className="card border-amber-300" data-testid="lobby-panel">
            <h2 className="mb-2 font-semibold">{labels.lobbyTitle}</h2>
            <ul className="space-y-2">
              {waiting.map((id) => (
                <li key={id} className="flex flex-wrap items-center gap-2">
                  <span className="flex-1">{props.names[id] ?? id}</span>
                  <button className="btn-primary min-h-9 px-3 py-1" onClick={() => void decide(id, "admit")}>
                    {labels.admit}
                  </button>
                  <button
                    className="btn-secondary min-h-9 px-3 py-1"
                    onClick={() => void decide(id, "refuse")}
                  >
                    {labels.refuse}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section className="card" data-testid="people">
          {props.grants.raiseHand && (
            <button
              type="button"
              className="btn-secondary mb-2 w-full"
              aria-pressed={myHandUp}
              onClick={() => void raiseHand(!myHandUp)}
            >
              ✋ {myHandUp ? labels.lowerHand : labels.raiseHand}
            </button>
          )}
          <ul className="space-y-1 text-sm">
            {props.inRoom.map((id) => (
              <li key={id} className="flex flex-wrap items-center gap-2" data-testid="person">
                <span className="flex-1">
                  {props.names[id] ?? id}
                  {hands.includes(id) && (
                    <span className="ml-1" title={labels.handRaised} data-testid="hand-raised">
                      ✋
                    </span>
                  )}
                </span>
                {props.grants.moderate && id !== props.me && (
                  <>
                    <button
                      type="button"
                      className="btn-secondary min-h-9 px-2 py-1 text-xs"
                      onClick={() => void emit("moderation:mute", { practitionerId: id })}
                    >
                      {labels.muteOther}
                    </button>
                    <button
                      type="button"
                      className="btn-secondary min-h-9 px-2 py-1 text-xs"
                      onClick={() =>
                        void emit("lobby:decide", { practitionerId: id, decision: "remove" }).then(
                          (ok) => ok && router.refresh(),
                        )
                      }
                    >
                      {labels.removeOther}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
        <section className="card" data-testid="chat">
          <h2 className="mb-2 font-semibold">{labels.chat}</h2>
          <ul className="mb-2 max-h-72 space-y-1 overflow-y-auto text-sm">
            {chat.map((m) => (
              <li key={m.id} data-testid="chat-line">
                <span className="font-medium">{props.names[m.practitionerId] ?? ""}</span>: {m.body}
              </li>
            ))}
          </ul>
          <form onSubmit={(e) => void send(e)} className="flex gap-2">
            <input
              className="input"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              maxLength={2000}
              aria-label={labels.chat}
            />
            <button className="btn-primary shrink-0" disabled={!draft.trim()}>
              {labels.send}
            </button>
          </form>
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
        </section>
        {props.grants.manage && (
          <button className="btn-danger w-full" onClick={() => void end()}>
            {labels.endForAll}
          </button>
        )}
      </aside>
    </div>
  );
}
