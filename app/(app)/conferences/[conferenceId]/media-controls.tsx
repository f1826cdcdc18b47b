import type { ConferenceGrants } from "@/server/domain/conferences/grants";
import type { MediaChoice } from "./devices";
import type { MediaLabels } from "./media-stage";

/** The participant's own switches: microphone, camera and screen, as the role's grants and the choice allow. */
export function MediaControls({
  grants,
  choice,
  muted,
  cameraOff,
  sharing,
  onMicrophone,
  onCamera,
  onScreen,
  labels,
}: {
  grants: ConferenceGrants;
  choice: MediaChoice;
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
  onMicrophone: () => void;
  onCamera: () => void;
  onScreen: () => void;
  labels: MediaLabels;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {grants.publishAudio && choice.microphone && (
        <button type="button" className="btn-secondary" onClick={onMicrophone} aria-pressed={muted}>
          {muted ? labels.unmute : labels.mute}
        </button>
      )}
      {grants.publishVideo && choice.camera && (
        <button type="button" className="btn-secondary" onClick={onCamera} aria-pressed={cameraOff}>
          {cameraOff ? labels.cameraOn : labels.cameraOff}
        </button>
      )}
      {grants.shareScreen && (
        <button type="button" className="btn-secondary" onClick={onScreen} aria-pressed={sharing}>
          {sharing ? labels.stopSharing : labels.shareScreen}
        </button>
      )}
    </div>
  );
}
