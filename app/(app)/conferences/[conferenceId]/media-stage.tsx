"use client";

import type { RtpCapabilities } from "mediasoup-client/types";
import type { ConferenceGrants } from "@/server/domain/conferences/grants";
import type { MediaJoinReply, SignallingSocket } from "@/app/ui/signalling-socket";
import type { MediaChoice } from "./devices";
import { MediaControls } from "./media-controls";
import { MediaNotices } from "./media-notices";
import { MediaTiles } from "./media-tiles";
import { useConferenceMedia } from "./use-conference-media";

export interface MediaLabels {
  /** said briefly after the server rebuilt the media (its SFU worker died) */
  mediaRecovered: string;
  mediaDenied: string;
  mediaMissing: string;
  mediaUnavailable: string;
  you: string;
  mute: string;
  unmute: string;
  cameraOff: string;
  cameraOn: string;
  shareScreen: string;
  stopSharing: string;
  screenOf: string;
  mutedByHost: string;
  receiveOnly: string;
}

/** The room's media (use-conference-media.ts): what it says, the tiles, and one's own switches. */
export function MediaStage(props: {
  socket: SignallingSocket;
  /** changes each time the room is entered on a live connection; null while the connection is down */
  session: number | null;
  conferenceId: string;
  /** the signed-in practitioner, to mark their own preview when they speak */
  me: string;
  grants: ConferenceGrants;
  names: Record<string, string>;
  labels: MediaLabels;
  choice: MediaChoice;
  routerRtpCapabilities: RtpCapabilities | null;
  /** the media session is built (or failed) */
  onSettled?: () => void;
  /** the media entered with the room's entry (conference:join), taken once by the session it is for */
  takeEnteredMedia?: () => MediaJoinReply | null;
}) {
  const { socket, session, conferenceId, grants, labels, choice, routerRtpCapabilities } = props;
  const media = useConferenceMedia({
    socket,
    session,
    conferenceId,
    grants,
    labels,
    choice,
    routerRtpCapabilities,
    onSettled: props.onSettled,
    takeEnteredMedia: props.takeEnteredMedia,
  });
  const sendsNothing = !choice.camera && !choice.microphone && (grants.publishAudio || grants.publishVideo);
  return (
    <div className="space-y-2">
      <MediaNotices
        receiveOnly={sendsNothing ? labels.receiveOnly : null}
        deviceProblem={media.deviceProblem}
        notice={media.notice}
        problem={media.problem}
      />
      <MediaTiles
        tiles={media.tiles}
        local={media.local}
        me={props.me}
        speaking={media.speaking}
        names={props.names}
        tileLayers={media.tileLayers}
        onTileWidth={media.setTileWidth}
        labels={labels}
      />
      <MediaControls
        grants={grants}
        choice={choice}
        muted={media.muted}
        cameraOff={media.cameraOff}
        sharing={media.sharing}
        onMicrophone={media.toggleMicrophone}
        onCamera={() => void media.toggleCamera()}
        onScreen={() => void media.toggleScreen()}
        labels={labels}
      />
    </div>
  );
}
