import type { Actor } from "../../model/permissions";
import type { ImagingSource } from "./imaging-sources";

/**
 * Per-study grants for the viewer's frames. The access rule (consent for the
 * actor's facility, the profession's data class, the facility holding the study
 * inside consent) costs a few database queries; the viewer asks for hundreds of
 * frames of one study in a minute. So the decision, once made (when the study is
 * opened, the audited view, or by the first item after a grant ran out), is kept
 * in this process for a short while and the frames are checked against it
 * without the database; the study's signature is still verified on every item.
 *
 * Bound on withdrawal: a consent withdrawn through this process ends the
 * patient's grants at once (withdrawConsent calls forgetPatient after commit);
 * anything else that ends access (a withdrawal through another process, a
 * consent's end date passing, a break-glass window closing, a disabled user)
 * ends it within GRANT_TTL_MS, when the next item runs the full rule again.
 */
export const GRANT_TTL_MS = 30_000;
const MAX_GRANTS = 10_000;

interface Grant {
  patientId: string;
  source: ImagingSource;
  expiresAt: number;
}

export class ImagingGrants {
  readonly #grants = new Map<string, Grant>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? GRANT_TTL_MS;
    this.#now = options.now ?? (() => Date.now());
  }

  /** One grant per person, facility, profession and study (a session's actor, not its IP). */
  #key(actor: Actor, patientId: string, facilityId: string, studyUid: string) {
    return `${actor.practitionerId}\n${actor.facilityId}\n${actor.profession}\n${patientId}\n${facilityId}\n${studyUid}`;
  }

  get(actor: Actor, patientId: string, facilityId: string, studyUid: string): ImagingSource | null {
    const key = this.#key(actor, patientId, facilityId, studyUid);
    const grant = this.#grants.get(key);
    if (!grant) return null;
    if (grant.expiresAt <= this.#now()) {
      this.#grants.delete(key);
      return null;
    }
    return grant.source;
  }

  grant(actor: Actor, patientId: string, source: ImagingSource, studyUid: string): void {
    // bounded: the oldest grant goes first (a Map keeps insertion order)
    if (this.#grants.size >= MAX_GRANTS) this.#grants.delete(this.#grants.keys().next().value!);
    const key = this.#key(actor, patientId, source.facilityId, studyUid);
    this.#grants.delete(key);
    this.#grants.set(key, { patientId, source, expiresAt: this.#now() + this.#ttlMs });
  }

  /** Every grant on the patient's images ends (their consent changed). */
  forgetPatient(patientId: string): void {
    for (const [key, grant] of this.#grants) if (grant.patientId === patientId) this.#grants.delete(key);
  }
}

const KEY = Symbol.for("okinet.imagingGrants");

/** The process's grants (one instance for all bundles). */
export function imagingGrants(): ImagingGrants {
  const holder = globalThis as { [KEY]?: ImagingGrants };
  holder[KEY] ??= new ImagingGrants();
  return holder[KEY];
}
