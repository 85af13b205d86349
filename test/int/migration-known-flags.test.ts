import type { Caller } from '../../server/common/auth/caller';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { AddKnownEscalationTransfer1796300000000 } from '../../migrations/1796300000000-AddKnownEscalationTransfer';
import { ApplyChannelServiceLevelDefaults1796300000001 } from '../../migrations/1796300000001-ApplyChannelServiceLevelDefaults';
import { expectRollupsAsRebuilt } from './support/rollup-compare';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Existing data keeps its meaning (issue 17): data stored the old way — "no" written for a file
 * without an escalation or transfer column — becomes unknown again, the rollups gain the known
 * counts, and chat/email service level follows the channel thresholds; all as a rebuild gives.
 */
describe('migrations of issue 17 on data stored before', () => {
  let t: TestApp;
  const hr: Caller = { userId: 0, email: 'hr@x', name: 'hr', role: 'hr', agentId: null, teamIds: [], sessionId: 's', locale: null };
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('marks the flags of files without the column unknown, keeps the rest, and leaves rollups equal to a rebuild', async () => {
    const db = t.db;
    const [{ id: team }] = await db.query(`INSERT INTO teams (name) VALUES ('Old Team') RETURNING id`);
    const [{ id: agent }] = await db.query(`INSERT INTO agents (code, name) VALUES ('OLD1', 'Old agent') RETURNING id`);
    await db.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $2, NULL)`, [agent, team]);
    // Two imports as the old code stored them: one whose file had both columns, one whose file had neither.
    const [{ id: withCols }] = await db.query(
      `INSERT INTO imports (kind, status, options) VALUES ('calls', 'succeeded', '{"columns": {"external_id": "id", "started_at": "at", "escalated": "Esc", "transferred": "Tr"}}') RETURNING id`,
    );
    const [{ id: without }] = await db.query(`INSERT INTO imports (kind, status, options) VALUES ('calls', 'succeeded', '{"columns": {"external_id": "id", "started_at": "at"}}') RETURNING id`);
    const call = (id: string, imp: string | null, escalated: boolean, transferred: boolean, channel: string, wait: number) =>
      db.query(
        `INSERT INTO calls (external_id, started_at, channel, agent_id, answered, queue_wait_s, talk_s, escalated, transferred, import_id, row_hash)
         VALUES ($1, '2026-10-20T10:00:00+08:00', $2, $3, true, $4, 100, $5, $6, $7, 'h')`,
        [id, channel, agent, wait, escalated, transferred, imp],
      );
    // With the columns: escalated N, Y, N; transferred N, N, Y. Chat calls waiting 45 s (within chat's 60 s, not the org's 30 s).
    await call('W1', withCols, false, false, 'chat', 45);
    await call('W2', withCols, true, false, 'chat', 45);
    await call('W3', withCols, false, true, 'chat', 45);
    // Without them: stored as "no" although the file said nothing.
    await call('N1', without, false, false, 'email', 7200);
    await call('N2', without, false, false, 'email', 7200);
    // No import (the seed, a direct insert naming its values): kept.
    await call('S1', null, false, false, 'phone', 10);
    await t.app.get(RollupService).rebuildAll();

    // Back to the schema and rollups before issue 17, then forward again.
    const known = new AddKnownEscalationTransfer1796300000000();
    const sl = new ApplyChannelServiceLevelDefaults1796300000001();
    const qr = db.createQueryRunner();
    try {
      await sl.down(qr);
      await known.down(qr);
      // The old code's rollups counted chat and email against the org's 30 s.
      await qr.query(`UPDATE kpi_call_daily SET in_sl = 0 WHERE channel IN ('chat', 'email')`);
      await qr.query(`UPDATE kpi_call_team_daily SET in_sl = 0 WHERE channel IN ('chat', 'email')`);
      await known.up(qr);
      await sl.up(qr);
    } finally {
      await qr.release();
    }

    const flags = await db.query(`SELECT external_id, escalated, transferred, row_hash FROM calls ORDER BY external_id`);
    expect(flags).toEqual([
      { external_id: 'N1', escalated: null, transferred: null, row_hash: null },
      { external_id: 'N2', escalated: null, transferred: null, row_hash: null },
      { external_id: 'S1', escalated: false, transferred: false, row_hash: 'h' },
      { external_id: 'W1', escalated: false, transferred: false, row_hash: 'h' },
      { external_id: 'W2', escalated: true, transferred: false, row_hash: 'h' },
      { external_id: 'W3', escalated: false, transferred: true, row_hash: 'h' },
    ]);
    await expectRollupsAsRebuilt(db, t.app.get(RollupService));
    // Hand-worked: escalation 1 of the 4 known (W1-3, S1), transfer 1 of 4; service level 3 chat in 60 s + 2 email in 24 h + 1 phone in 30 s = 6 of 6.
    const answer = await t.app.get(KpiService).query(hr, { from: '2026-10-20', to: '2026-10-20', groupBy: 'org', granularity: 'total' });
    const m = answer.rows[0].metrics;
    expect([m.escalation_rate?.num, m.escalation_rate?.den]).toEqual([1, 4]);
    expect([m.transfer_rate?.num, m.transfer_rate?.den]).toEqual([1, 4]);
    expect([m.service_level?.num, m.service_level?.den]).toEqual([6, 6]);
  });
});
