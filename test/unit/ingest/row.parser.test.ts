import { compileRowParser, MappingError } from '../../../server/modules/ingest/domain/row.parser';

const tz = 'Asia/Shanghai';

describe('compileRowParser: columns', () => {
  it('matches canonical names case-insensitively', () => {
    const p = compileRowParser({ kind: 'calls', header: ['External_ID', 'STARTED_AT', 'Talk_S'], mapping: undefined, orgTimeZone: tz });
    expect(p.resolved).toEqual({ external_id: 'external_id', started_at: 'started_at', talk_s: 'talk_s' });
  });

  it('recognises the PwC columns, with date and time in two columns', () => {
    const header = ['Call Id', 'Agent', 'Date', 'Time', 'Topic', 'Answered (Y/N)', 'Resolved', 'Speed of answer in seconds', 'AvgTalkDuration', 'Satisfaction rating'];
    const p = compileRowParser({ kind: 'calls', header, mapping: undefined, orgTimeZone: tz });
    expect(p.presets).toEqual(['pwc-call-centre']);
    const r = p.parse(['ID0001', 'Diane', '2021-01-01', '9:12:58', 'Contract related', 'Y', 'Y', '109', '0:02:23', '3'], 2);
    expect(r).toEqual({
      kind: 'ok',
      values: expect.objectContaining({ external_id: 'ID0001', agent_code: 'Diane', started_at: new Date('2021-01-01T01:12:58Z'), answered: true, resolved: true, queue_wait_s: 109, talk_s: 143, csat: 3 }),
    });
  });

  it('recognises the Chinese call-log columns', () => {
    const p = compileRowParser({ kind: 'calls', header: ['通话编号', '开始时间', '工号', '是否接通', '通话时长'], mapping: undefined, orgTimeZone: tz });
    const r = p.parse(['C1', '2026-11-03 09:00', '1001', '否', ''], 2);
    expect(r).toEqual({ kind: 'ok', values: expect.objectContaining({ external_id: 'C1', agent_code: '1001', answered: false, talk_s: null }) });
  });

  it.each([
    [{ columns: { talk_s: 'Talk' } }, /no column "Talk"/],
    [{ columns: { colour: 'external_id' } }, /not a field/],
    [{ columns: { talk_s: ['a', 'b'] } }, /only a date-time or a key/],
    [{ dateFormat: 'QQ' }, /dateFormat/],
    [{ skipWhen: { Missing: ['x'] } }, /skipWhen/],
  ])('refuses mapping %j', (mapping, message) => {
    expect(() => compileRowParser({ kind: 'calls', header: ['external_id', 'started_at'], mapping: mapping as never, orgTimeZone: tz })).toThrow(MappingError);
    expect(() => compileRowParser({ kind: 'calls', header: ['external_id', 'started_at'], mapping: mapping as never, orgTimeZone: tz })).toThrow(message);
  });

  it('names the missing required column', () => {
    expect(() => compileRowParser({ kind: 'surveys', header: ['csat'], mapping: undefined, orgTimeZone: tz })).toThrow(/call_external_id/);
  });
});

describe('compileRowParser: rows', () => {
  const bank = compileRowParser({
    kind: 'calls',
    header: ['vru+line', 'call_id', 'date', 'vru_entry', 'outcome', 'server', 'ser_time'],
    mapping: {
      columns: { external_id: ['vru+line', 'call_id'], started_at: ['date', 'vru_entry'], answered: 'outcome', agent_code: 'server', talk_s: 'ser_time' },
      values: { answered: { AGENT: true, HANG: false }, agent_code: { NO_SERVER: null } },
      skipWhen: { outcome: ['PHANTOM'] },
      dateFormat: 'YYMMDD',
      timezone: 'Asia/Jerusalem',
    },
    orgTimeZone: tz,
  });

  it('joins a composite key, reads date + time with a pattern, translates values', () => {
    expect(bank.parse(['AA0101', '34537', '990201', '7:31:45', 'AGENT', 'NO_SERVER', '5'], 3)).toEqual({
      kind: 'ok',
      values: expect.objectContaining({ external_id: 'AA0101-34537', started_at: new Date('1999-02-01T05:31:45Z'), answered: true, agent_code: null, talk_s: 5 }),
    });
  });

  it('skips rows matching skipWhen', () => {
    expect(bank.parse(['AA0101', '1', '990201', '7:31:45', 'PHANTOM', 'NO_SERVER', '0'], 4)).toEqual({ kind: 'skip' });
  });

  it('reports each bad cell with its row, column and value', () => {
    const r = bank.parse(['AA0101', '2', '990231', '7:31:45', 'MAYBE', 'X', 'abc'], 9);
    expect(r.kind).toBe('error');
    const errors = (r as { errors: Array<{ row: number; column: string; value: string }> }).errors;
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [9, 'date + vru_entry', '990231 7:31:45'],
      [9, 'outcome', 'MAYBE'],
      [9, 'ser_time', 'abc'],
    ]);
  });

  it('defaults a call and treats blank as unknown, never 0', () => {
    const p = compileRowParser({ kind: 'calls', header: ['external_id', 'started_at', 'agent_code', 'talk_s', 'hold_s'], mapping: undefined, orgTimeZone: tz });
    const r = p.parse(['X1', '2026-11-03 09:00', '', '', '0'], 2);
    expect(r).toEqual({
      kind: 'ok',
      values: expect.objectContaining({ talk_s: null, hold_s: 0, agent_code: null, answered: false, channel: 'phone', direction: 'inbound', escalated: null, transferred: null, resolved: null, complaint_level: 'none' }),
    });
  });

  it('requires a survey to carry a score, and a required value to be present', () => {
    const s = compileRowParser({ kind: 'surveys', header: ['call_external_id', 'csat', 'comment'], mapping: undefined, orgTimeZone: tz });
    expect(s.parse(['C1', '', 'nice'], 2)).toMatchObject({ kind: 'error', errors: [{ row: 2, message: expect.stringContaining('at least one score') }] });
    expect(s.parse(['', '4', ''], 3)).toMatchObject({ kind: 'error', errors: [{ row: 3, column: 'call_external_id', message: expect.stringContaining('required') }] });
    expect(s.parse(['C1', '6', ''], 4)).toMatchObject({ kind: 'error', errors: [{ column: 'csat', value: '6' }] });
  });
});
