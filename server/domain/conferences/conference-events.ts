import { afterCommitBus } from "../events/after-commit-bus";

/**
 * A conference's door and end, after their transaction commits: the signalling
 * layer tells the people concerned and drops what open sockets remember about
 * the conference (a removed participant's membership, everyone's once it ended),
 * whichever path (a socket, a page) made the change.
 */
export type ConferenceEvent =
  | {
      kind: "admission_decided";
      conferenceId: string;
      practitionerId: string;
      admission: "admitted" | "refused" | "removed";
    }
  | { kind: "ended"; conferenceId: string };

const bus = afterCommitBus<ConferenceEvent>("conference");

export const onConferenceEvent = bus.subscribe;
export const publishConferenceEvent = bus.publish;
