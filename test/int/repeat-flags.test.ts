import type { EntityManager } from 'typeorm';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The incremental repeat-contact refresh (only the changed customers' calls in the dates ± the
 * 7-day window) leaves exactly the flags a full rebuild computes, through inserts, moves,
 * customer changes and lost eligibility, and after each change every call rollup table equals a
 * rebuild (an earlier day whose flag changed gets the difference, not a new sum). Org time zone
 * Asia/Shanghai (+08:00).
 */
describe('repeat-contact flags, incremental vs rebuild', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const flags = async (): Promise<Record<string, boolean>> => {
    const rows: { external_id: string; repeat: boolean }[] = await t.db.query(
      `SELECT c.external_id, f.repeat FROM calls c JOIN call_repeat_flags f ON f.call_id = c.id
        WHERE c.direction = 'inbound' AND c.answered AND c.customer_id IS NOT NULL ORDER BY 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.external_id, r.repeat]));
  };
  // The calls have no agent, team or queue: every rollup key holds NULLs.
  const rollupTables = ['kpi_call_daily', 'kpi_call_team_daily', 'kpi_call_agent_monthly', 'kpi_call_agent_monthly_all', 'kpi_call_agent_weekly_all', 'kpi_call_team_weekly_all'];
  const rollups = (m: EntityManager) => Promise.all(rollupTables.map(async (table) => [table, await m.query(`SELECT * FROM ${table} x ORDER BY x::text`)]));
  /** The rollups as they are now equal what a rebuild gives (rebuilt in a transaction that is rolled back). */
  const expectRollupsAsRebuilt = async () => {
    const incremental = await rollups(t.db.manager);
    let rebuilt: unknown;
    await t.db
      .transaction(async (m: EntityManager) => {
        await t.app.get(RollupService).rebuildAll(m);
        rebuilt = await rollups(m);
        throw new Error('roll back');
      })
      .catch((e: Error) => expect(e.message).toBe('roll back'));
    expect(incremental).toEqual(rebuilt);
  };
  const change = async (sql: string, localDates: string[], customerIds: string[]) => {
    await t.db.transaction(async (m: EntityManager) => {
      await m.query(sql);
      await t.app.get(RollupService).applyCallChanges(m, { localDates, customerIds });
    });
    await expectRollupsAsRebuilt();
  };
  const call = (id: string, at: string, customer: string, answered = true, direction = 'inbound') =>
    `('${id}', '${at}', '${direction}', '${customer}', ${answered}, 5)`;
  const cols = `INSERT INTO calls (external_id, started_at, direction, customer_id, answered, queue_wait_s) VALUES`;

  it('matches the rebuild after each kind of change', async () => {
    // K1: Oct 1 10:00 and Oct 8 10:00 (exactly 7 × 24 h later: a repeat), Oct 20 (18 days on: not).
    // K2: Oct 5 at the same instant twice (neither is a repeat of the other).
    await change(
      `${cols} ${call('A', '2026-10-01T10:00:00+08:00', 'K1')}, ${call('B', '2026-10-08T10:00:00+08:00', 'K1')},
        ${call('C', '2026-10-20T09:00:00+08:00', 'K1')}, ${call('D', '2026-10-05T12:00:00+08:00', 'K2')}, ${call('E', '2026-10-05T12:00:00+08:00', 'K2')}`,
      ['2026-10-01', '2026-10-08', '2026-10-20', '2026-10-05'],
      ['K1', 'K2'],
    );
    expect(await flags()).toEqual({ A: true, B: false, C: false, D: false, E: false });

    // An unanswered inbound call of K1 on Oct 18 09:00: B (Oct 8 10:00) is 9 d 23 h before it, so nothing changes.
    await change(`${cols} ${call('F', '2026-10-18T09:00:00+08:00', 'K1', false)}`, ['2026-10-18'], ['K1']);
    expect(await flags()).toEqual({ A: true, B: false, C: false, D: false, E: false });

    // An outbound call to K2 on Oct 6 does not count as a repeat; an inbound one on Oct 12 11:59 does (6 d 23:59 after D and E).
    await change(`${cols} ${call('G', '2026-10-06T09:00:00+08:00', 'K2', true, 'outbound')}, ${call('H', '2026-10-12T11:59:00+08:00', 'K2')}`, ['2026-10-06', '2026-10-12'], ['K2']);
    expect(await flags()).toEqual({ A: true, B: false, C: false, D: true, E: true, H: false });

    // B moves to Oct 9 10:00 (8 days after A): A is no longer a repeat.
    await change(`UPDATE calls SET started_at = '2026-10-09T10:00:00+08:00' WHERE external_id = 'B'`, ['2026-10-08', '2026-10-09'], ['K1']);
    expect(await flags()).toEqual({ A: false, B: false, C: false, D: true, E: true, H: false });

    // H changes customer (K2 → K3): D and E lose their repeat; H has no later call of K3.
    await change(`UPDATE calls SET customer_id = 'K3' WHERE external_id = 'H'`, ['2026-10-12'], ['K2', 'K3']);
    expect(await flags()).toEqual({ A: false, B: false, C: false, D: false, E: false, H: false });

    // C becomes unanswered and A loses its customer: neither is eligible any more.
    await change(`UPDATE calls SET answered = false WHERE external_id = 'C'`, ['2026-10-20'], ['K1']);
    await change(`UPDATE calls SET customer_id = NULL WHERE external_id = 'A'`, ['2026-10-01'], ['K1']);
    expect(await flags()).toEqual({ B: false, D: false, E: false, H: false });

    const incremental = await t.db.query(`SELECT call_id::text, repeat FROM call_repeat_flags WHERE call_id IN (SELECT id FROM calls WHERE customer_id IS NOT NULL AND direction = 'inbound' AND answered) ORDER BY 1`);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM kpi_call_daily`)).toEqual([{ n: 7 }]);
    await t.app.get(RollupService).rebuildAll();
    expect(await t.db.query(`SELECT call_id::text, repeat FROM call_repeat_flags ORDER BY 1`)).toEqual(incremental);
    expect(incremental).toHaveLength(4);
  });
});
