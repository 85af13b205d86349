import { createTestApp, TestApp } from './support/test-app';

/**
 * `calls.agent_id` and `calls.import_id` are checked once per statement instead of by foreign
 * keys (migration LeanerCallsTable): the guarantees must be the foreign keys' own.
 */
describe('calls references (statement-level checks instead of foreign keys)', () => {
  let t: TestApp;
  let agent: number;
  let importId: string;
  const insertCall = (externalId: string, agentId: number | null, imp: string | null) =>
    t.db.query(`INSERT INTO calls (external_id, started_at, agent_id, answered, import_id) VALUES ($1, '2026-10-20T10:00:00+08:00', $2, true, $3)`, [externalId, agentId, imp]);
  const sqlState = async (p: Promise<unknown>) => {
    try {
      await p;
      return null;
    } catch (e) {
      return { code: (e as { code?: string }).code, message: (e as Error).message };
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    [{ id: agent }] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('REF1', 'Ref agent') RETURNING id`);
    [{ id: importId }] = await t.db.query(`INSERT INTO imports (kind, status) VALUES ('calls', 'succeeded') RETURNING id`);
  });
  afterAll(() => t.close());

  it('accepts calls of an existing agent and import, or of none', async () => {
    await insertCall('REF-A', agent, importId);
    await insertCall('REF-B', null, null);
    expect(await t.db.query(`SELECT external_id, agent_id, import_id FROM calls WHERE external_id LIKE 'REF-%' ORDER BY 1`)).toEqual([
      { external_id: 'REF-A', agent_id: agent, import_id: importId },
      { external_id: 'REF-B', agent_id: null, import_id: null },
    ]);
  });

  it('refuses a statement whose rows name an unknown agent or import (23503, nothing written), on insert and on update', async () => {
    const multi = t.db.query(
      `INSERT INTO calls (external_id, started_at, agent_id, answered) VALUES ('REF-C', now(), $1, true), ('REF-D', now(), $2, true)`,
      [agent, agent + 1000],
    );
    expect(await sqlState(multi)).toEqual({ code: '23503', message: `calls refer to agents that do not exist: ${agent + 1000}` });
    expect(await sqlState(insertCall('REF-E', agent, '00000000-0000-0000-0000-000000000000'))).toEqual({
      code: '23503',
      message: 'calls refer to imports that do not exist: 00000000-0000-0000-0000-000000000000',
    });
    expect(await sqlState(t.db.query(`UPDATE calls SET agent_id = $1 WHERE external_id = 'REF-B'`, [agent + 2000]))).toMatchObject({ code: '23503' });
    expect(await t.db.query(`SELECT external_id, agent_id FROM calls WHERE external_id LIKE 'REF-%' ORDER BY 1`)).toEqual([
      { external_id: 'REF-A', agent_id: agent },
      { external_id: 'REF-B', agent_id: null },
    ]);
  });

  it('refuses to delete an agent who has calls, deletes one who has none', async () => {
    expect(await sqlState(t.db.query(`DELETE FROM agents WHERE id = $1`, [agent]))).toEqual({ code: '23503', message: `agents ${agent} still have calls` });
    const [{ id: idle }] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('REF2', 'Idle agent') RETURNING id`);
    await t.db.query(`DELETE FROM agents WHERE id = $1`, [idle]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM agents WHERE id IN ($1, $2)`, [agent, idle])).toEqual([{ n: 1 }]);
  });

  it('clears import_id of the calls of a deleted import (as ON DELETE SET NULL did)', async () => {
    await t.db.query(`DELETE FROM imports WHERE id = $1`, [importId]);
    expect(await t.db.query(`SELECT import_id FROM calls WHERE external_id = 'REF-A'`)).toEqual([{ import_id: null }]);
  });

  it('holds against a concurrent delete: the writer locks the agents it refers to until it commits', async () => {
    const [{ id: other }] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('REF3', 'Other agent') RETURNING id`);
    const writer = t.db.createQueryRunner();
    const deleter = t.db.createQueryRunner();
    await writer.connect();
    await deleter.connect();
    try {
      await writer.startTransaction();
      await writer.query(`INSERT INTO calls (external_id, started_at, agent_id, answered) VALUES ('REF-F', now(), $1, true)`, [other]);
      await deleter.query(`SET lock_timeout = '10s'`);
      const deleting = sqlState(deleter.query(`DELETE FROM agents WHERE id = $1`, [other]));
      // The delete waits for the writer's lock on the agent row, then sees the committed call.
      await new Promise((r) => setTimeout(r, 300));
      await writer.commitTransaction();
      expect(await deleting).toEqual({ code: '23503', message: `agents ${other} still have calls` });
    } finally {
      await writer.release();
      await deleter.release();
    }
  });
});
