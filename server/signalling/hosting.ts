import { getConferenceHosts } from "../cluster/conference-hosts";
import { DomainError, msg } from "../errors";
import { log } from "../log";

/**
 * The node that hosts this conference's media, claimed for this node when no
 * live node holds it. Only called for a sender already admitted (authorization
 * and its audit come first, on every node alike).
 */
export async function hostOf(conferenceId: string): Promise<string> {
  const hosts = getConferenceHosts();
  try {
    const host = await hosts.claim(conferenceId);
    if (host !== hosts.nodeId)
      log.info({ conferenceId, host }, "[cluster] conference hosted on another node: participant sent there");
    return host;
  } catch (err) {
    // Redis does not answer (ConferenceHostsUnavailableError) or refuses: the client may try again
    log.error({ err, conferenceId }, "[cluster] conference host not known (Redis)");
    throw new DomainError("CONFLICT", msg("signalling.conferencesServerCannotDeterminedRight"));
  }
}
