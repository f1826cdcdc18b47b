import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createConference } from "../../server/domain/conferences/create-conference";
import { joinConference } from "../../server/domain/conferences/join-conference";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

/** Issue 20, defect 8: the lobby is a per-conference choice (everyone, other facilities only, nobody). */
for (const backend of BACKENDS) {
  describe(`conference lobby policy (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
    });
    after(async () => t.close());

    const conference = (lobbyPolicy?: string) =>
      createConference(t.db, actor(n, "hosp.doctor"), {
        title: "症例検討",
        kind: "case_conference",
        ...(lobbyPolicy ? { lobbyPolicy } : {}),
        invitees: [
          { practitionerId: actor(n, "hosp.admin").practitionerId },
          { practitionerId: actor(n, "clinic.gp").practitionerId },
        ],
        agenda: [],
      });
    const join = async (loginId: string, conferenceId: string) =>
      (await joinConference(t.db, actor(n, loginId), { conferenceId })).admission;

    it("lets the host's colleagues walk in and keeps other facilities in the lobby", async () => {
      const { conferenceId } = await conference("other_facilities");
      assert.equal(await join("hosp.admin", conferenceId), "admitted");
      assert.equal(await join("clinic.gp", conferenceId), "waiting");
    });

    it("keeps everyone in the lobby by default, and nobody when the host chooses no lobby", async () => {
      const everyone = await conference();
      assert.equal(await join("hosp.admin", everyone.conferenceId), "waiting");
      const none = await conference("nobody");
      const walkIn = await joinConference(t.db, actor(n, "clinic.gp"), { conferenceId: none.conferenceId });
      assert.equal(walkIn.admission, "admitted");
      assert.equal(walkIn.changed, true, "walking in changes the page's people");
      assert.equal(await join("clinic.gp", none.conferenceId), "admitted");
      await assert.rejects(join("outsider.gp", none.conferenceId), expectDomainError("FORBIDDEN"));
      await assert.rejects(conference("sometimes"), expectDomainError("VALIDATION", "lobbyPolicy"));
    });
  });
}
