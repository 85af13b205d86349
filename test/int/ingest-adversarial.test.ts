/**
 * Adversarial review of the import path through the real HTTP API: the inputs a supervisor
 * really uploads (GBK exports from Chinese Excel with broken rows, odd headers, odd encodings,
 * odd workbooks) and the ones nobody should. Every case checks the status, the rows named, the
 * counts and what the database holds.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { gzipSync } from 'node:zlib';
import { ImportService } from '../../server/modules/ingest/import.service';
import { createTestApp, TestApp } from './support/test-app';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

describe('imports under attack', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
  });
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await t.close();
  });

  const upload = (body: string | Buffer, fields: Record<string, string>, name = 'calls.csv') => {
    let req = t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const importAs = (kind: string, body: string | Buffer, extra: Record<string, string> = {}, name?: string) => upload(body, { kind, wait: 'true', ...extra }, name);
  const importCalls = (body: string | Buffer, extra: Record<string, string> = {}, name?: string) => importAs('calls', body, extra, name);
  const count = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params))[0].n as number;
  const countCalls = (prefix: string) => count(`SELECT count(*)::int AS n FROM calls WHERE external_id LIKE $1`, [`${prefix}%`]);
  const call = async (externalId: string) => {
    const [row] = await t.db.query(`SELECT c.*, a.code AS agent_code FROM calls c LEFT JOIN agents a ON a.id = c.agent_id WHERE c.external_id = $1`, [externalId]);
    return row;
  };
  /** inserted + updated + unchanged + skipped + rejected must be the data rows. */
  const expectCountsAddUp = (b: Record<string, number>, dataRows: number) => {
    expect(b.rowsTotal).toBe(dataRows);
    expect(b.rowsInserted + b.rowsUpdated + b.rowsUnchanged + b.rowsSkipped + b.rowsRejected).toBe(dataRows);
  };
  const rowsOf = (b: { errors: Array<{ row: number; column: string | null }> }) => b.errors.map((e) => [e.row, e.column]);
  const getErrorsCsv = (id: string) =>
    t
      .http()
      .get(`/api/imports/${id}/errors.csv`)
      .set('Authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  describe('a GB18030 export from Chinese Excel with three broken rows', () => {
    // Header = row 1. Rows 3 (date), 5 (negative duration) and 7 (是的) are broken; 𠀀 and 㐀 exist only in GB18030, not GBK.
    const text = [
      '通话编号,开始时间,工号,是否接通,通话时长,来电原因',
      'GBX-1,2026-11-03 09:15:00,王小明,是,1:35,账单查询',
      'GBX-2,2026-13-45 09:00,王小明,是,60,=1+1',
      'GBX-3,2026-11-03 10:00,李𠀀,否,,退款',
      'GBX-4,2026-11-03 10:05,A002,是,-30,投诉',
      'GBX-5,2026-11-03 10:10,A002,否,0,㐀字',
      'GBX-6,2026-11-03 10:15,A002,是的,45,咨询',
      'GBX-7,2026-11-03 10:20,A003,是,2:00,"查询,地址"',
    ].join('\r\n') + '\r\n';
    const file = iconv.encode(text, 'gb18030');

    it('reject mode writes nothing and names exactly the three rows, their columns and values', async () => {
      const res = await importCalls(file, {}, '通话记录.csv');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'failed', written: false, rowsRejected: 3, rowsInserted: 4 });
      expectCountsAddUp(res.body, 7);
      expect(res.body.errors).toEqual([
        { row: 3, column: '开始时间', value: '2026-13-45 09:00', message: expect.stringMatching(/开始时间.*not a valid date/) },
        { row: 5, column: '通话时长', value: '-30', message: expect.stringMatching(/通话时长.*negative/) },
        { row: 7, column: '是否接通', value: '是的', message: expect.stringMatching(/是否接通.*yes\/no.*是\/否/) },
      ]);
      expect(await countCalls('GBX-')).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM agents WHERE code IN ('王小明', '李𠀀', 'A002', 'A003')`)).toBe(0);
    });

    it('skip mode writes the other four rows with their Chinese intact', async () => {
      const res = await importCalls(file, { onError: 'skip' }, '通话记录.csv');
      expect(res.body).toMatchObject({ status: 'succeeded', written: true, rowsInserted: 4, rowsRejected: 3, rowsUpdated: 0, rowsUnchanged: 0, rowsSkipped: 0 });
      expectCountsAddUp(res.body, 7);
      expect(rowsOf(res.body)).toEqual([[3, '开始时间'], [5, '通话时长'], [7, '是否接通']]);
      expect(await countCalls('GBX-')).toBe(4);
      expect(await call('GBX-3')).toMatchObject({ agent_code: '李𠀀', answered: false, talk_s: null, topic: '退款' });
      expect(await call('GBX-5')).toMatchObject({ talk_s: 0, answered: false, topic: '㐀字' });
      expect(await call('GBX-7')).toMatchObject({ talk_s: 120, topic: '查询,地址' });
      expect(iso((await call('GBX-1')).started_at)).toBe('2026-11-03T01:15:00.000Z');
      expect(res.body.newAgents).toEqual(expect.arrayContaining(['王小明', '李𠀀', 'A003']));

      // errors.csv: UTF-8 with BOM, Chinese intact, formula-looking cells neutralised.
      const csv = await getErrorsCsv(res.body.id);
      expect(csv.status).toBe(200);
      const out = (csv.body as Buffer).toString('utf8');
      expect(out.startsWith('\uFEFF')).toBe(true);
      const lines = out.slice(1).trim().split('\r\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toBe('row,column,value,message,通话编号,开始时间,工号,是否接通,通话时长,来电原因');
      expect(lines[1]).toMatch(/^3,开始时间,2026-13-45 09:00,.*,GBX-2,2026-13-45 09:00,王小明,是,60,'=1\+1$/);
      expect(lines[2]).toMatch(/^5,通话时长,'-30,.*,GBX-4,2026-11-03 10:05,A002,是,'-30,投诉$/);
      expect(lines[3]).toMatch(/^7,是否接通,是的,.*,GBX-6,2026-11-03 10:15,A002,是的,45,咨询$/);
    });
  });

  describe('CSV structure', () => {
    it('counts a quoted record with embedded newlines, commas and doubled quotes once', async () => {
      const csv = 'external_id,started_at,topic,talk_s\r\nQ-1,2026-11-03 09:00,"He said ""hi"",\r\nthen\nleft",10\r\nQ-2,2026-11-03 09:01,"a,b",x\r\nQ-3,2026-11-03 09:02,"",5\r\n';
      const res = await importCalls(csv, { onError: 'skip' });
      expect(res.body).toMatchObject({ rowsInserted: 2, rowsRejected: 1 });
      expectCountsAddUp(res.body, 3);
      expect(rowsOf(res.body)).toEqual([[3, 'talk_s']]);
      expect((await call('Q-1')).topic).toBe('He said "hi",\r\nthen\nleft');
      expect((await call('Q-3')).topic).toBeNull();
    });

    it('reads a UTF-8 BOM with a semicolon delimiter, headers in another case and with trailing spaces', async () => {
      const csv = '\uFEFFExternal_ID ; Started_At;TALK_S \nBOM-1;2026-11-03 09:00;1:00\nBOM-2;2026-11-03 09:00;2\n';
      const res = await importCalls(csv);
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2 });
      expectCountsAddUp(res.body, 2);
      expect(await call('BOM-1')).toMatchObject({ talk_s: 60 });
    });

    it('a file with only a header imports nothing and says so', async () => {
      const res = await importCalls('external_id,started_at\r\n');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'succeeded', rowsTotal: 0, rowsInserted: 0, rowsRejected: 0 });
    });

    it('refuses a header that names a column it reads twice', async () => {
      const res = await importCalls('external_id,started_at,talk_s,TALK_S\nDUP-1,2026-11-03 09:00,10,20\n');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/talk_s/i);
      expect(res.body.message).toMatch(/more than one column named "talk_s"/);
      expect(await countCalls('DUP-')).toBe(0);
    });

    it('tolerates a repeated header name the import does not read', async () => {
      const res = await importCalls('external_id,started_at,note,note\nDUPN-1,2026-11-03 09:00,a,b\n');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1 });
    });

    it('makes a key repeated in one file an error on the later rows only', async () => {
      const res = await importCalls('external_id,started_at,talk_s\nRK-1,2026-11-03 09:00,1\nRK-2,2026-11-03 09:00,2\nRK-1,2026-11-03 09:00,3\nRK-1,2026-11-03 09:00,4\n', { onError: 'skip' });
      expect(res.body).toMatchObject({ rowsInserted: 2, rowsRejected: 2 });
      expectCountsAddUp(res.body, 4);
      expect(rowsOf(res.body)).toEqual([[4, 'external_id'], [5, 'external_id']]);
      expect(res.body.errors[0].message).toMatch(/first on row 2/);
      expect((await call('RK-1')).talk_s).toBe(1);
    });

    it('rejects a 100 kB cell in a text field with the row named, and keeps the other rows', async () => {
      const long = 'x'.repeat(100_000);
      const res = await importCalls(`external_id,started_at,topic\nLONG-1,2026-11-03 09:00,${long}\nLONG-2,2026-11-03 09:00,ok\n`, { onError: 'skip' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rowsInserted: 1, rowsRejected: 1 });
      expect(rowsOf(res.body)).toEqual([[2, 'topic']]);
      expect(res.body.errors[0].message).toMatch(/longer than 500/);
      expect(await countCalls('LONG-')).toBe(1);
    });

    it('reads a 10,000-column row', async () => {
      const extra = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
      const csv = `external_id,started_at,${extra.join(',')}\nWIDE-1,2026-11-03 09:00,${extra.map(() => '1').join(',')}\n`;
      const res = await importCalls(csv);
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1 });
    });

    it('refuses a CSV with a NUL byte, a UTF-16 file without its BOM, a gzip and a PNG renamed .csv', async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(64, 7)]);
      const cases: Buffer[] = [
        Buffer.from('external_id,started_at\nNUL-1,2026-11-03 09:00\u0000\n'),
        Buffer.from('external_id,started_at\nU16-1,2026-11-03 09:00\n', 'utf16le'),
        gzipSync(Buffer.from('external_id,started_at\nGZ-1,2026-11-03 09:00\n')),
        png,
      ];
      for (const body of cases) {
        const res = await upload(body, { kind: 'calls', wait: 'true' });
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/^file: /);
      }
      expect(await count(`SELECT count(*)::int AS n FROM calls WHERE external_id IN ('NUL-1', 'U16-1', 'GZ-1')`)).toBe(0);
    });

    it('names the row of a NUL byte that lies beyond the first 64 KiB instead of failing the whole load', async () => {
      const rows = Array.from({ length: 2000 }, (_, i) => `NULL-${i},2026-11-03 09:00,topic ${i}`).join('\n');
      const body = Buffer.from(`external_id,started_at,topic\n${rows}\nNULL-X,2026-11-03 09:00,a\u0000b\n`);
      expect(body.length).toBeGreaterThan(64 * 1024);
      const res = await importCalls(body, { onError: 'skip' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2000, rowsRejected: 1 });
      expectCountsAddUp(res.body, 2001);
      expect(rowsOf(res.body)).toEqual([[2002, 'topic']]);
      expect(await countCalls('NULL-')).toBe(2000);
    });

    it('keeps a lone control character inside a cell verbatim', async () => {
      const res = await importCalls('external_id,started_at,topic\nCTL-1,2026-11-03 09:00,a\u0001b\n');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1 });
      expect((await call('CTL-1')).topic).toBe('a\u0001b');
    });
  });

  describe('mappings', () => {
    it('answers 400 naming a required column that is missing', async () => {
      const res = await upload('external_id,talk_s\nX,1\n', { kind: 'calls' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/no column for started_at/);
    });

    it('answers 400 naming a mapped column the file lacks', async () => {
      const res = await upload('id,start\nX,2026-11-03\n', { kind: 'calls', mapping: JSON.stringify({ columns: { external_id: 'id', started_at: 'begin' } }) });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/mapping\.columns\.started_at: the file has no column "begin"/);
    });

    it('answers 400 for a values translation that gives an invalid value, before any row is read', async () => {
      const mapping = JSON.stringify({ values: { answered: { AGENT: 'maybe' } } });
      const res = await upload('external_id,started_at,answered\nVT-1,2026-11-03 09:00,AGENT\n', { kind: 'calls', mapping, wait: 'true' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/mapping\.values\.answered/);
      expect(res.body.message).toMatch(/AGENT/);
      expect(await countCalls('VT-')).toBe(0);
    });

    it('answers 400 for values of a field that is not a field of the kind', async () => {
      const res = await upload('external_id,started_at\nVF-1,2026-11-03 09:00\n', { kind: 'calls', mapping: JSON.stringify({ values: { outcome: { A: true } } }) });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/mapping\.values.*outcome/);
    });

    it('answers 400 for skipWhen on a column the file lacks', async () => {
      const res = await upload('external_id,started_at\nX,2026-11-03\n', { kind: 'calls', mapping: JSON.stringify({ skipWhen: { status: ['PHANTOM'] } }) });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/skipWhen.*"status"/);
    });

    it('reads DD/MM/YYYY with a dateFormat, and refuses an ambiguous day/month with auto rather than guessing', async () => {
      const csv = 'external_id,started_at\nDMY-1,03/11/2026 09:15\nDMY-2,31/12/2026\n';
      const ok = await importCalls(csv, { mapping: JSON.stringify({ dateFormat: 'DD/MM/YYYY', timezone: 'UTC' }) });
      expect(ok.body).toMatchObject({ status: 'succeeded', rowsInserted: 2 });
      expect(iso((await call('DMY-1')).started_at)).toBe('2026-11-03T09:15:00.000Z');
      expect(iso((await call('DMY-2')).started_at)).toBe('2026-12-31T00:00:00.000Z');
      const auto = await importCalls(csv.replace(/DMY-/g, 'AMB-'), { onError: 'skip' });
      expect(auto.body).toMatchObject({ rowsInserted: 0, rowsRejected: 2 });
      expect(rowsOf(auto.body)).toEqual([[2, 'started_at'], [3, 'started_at']]);
      expect(await countCalls('AMB-')).toBe(0);
    });

    it('answers 400 for a dateFormat it does not understand', async () => {
      const res = await upload('external_id,started_at\nX,2026-11-03\n', { kind: 'calls', mapping: JSON.stringify({ dateFormat: 'DD/MMM/YYYY' }) });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/dateFormat/);
    });
  });

  describe('encodings', () => {
    it('reads a GBK file whose first 64 KiB are plain ASCII, without turning the later Chinese into question marks', async () => {
      const ascii = Array.from({ length: 2000 }, (_, i) => `ASC-${i},2026-11-03 09:00,plain topic ${i}`).join('\r\n');
      const text = `external_id,started_at,topic\r\n${ascii}\r\nASC-CN,2026-11-03 09:00,账单查询\r\n`;
      const body = iconv.encode(text, 'gbk');
      expect(body.length).toBeGreaterThan(64 * 1024);
      const res = await importCalls(body, {}, 'late-chinese.csv');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2001, rowsRejected: 0 });
      expect((await call('ASC-CN')).topic).toBe('账单查询');
    });

    it('reads a UTF-16LE export with its BOM and CRLF', async () => {
      const res = await importCalls(Buffer.from('\uFEFFexternal_id\tstarted_at\ttopic\r\nU16B-1\t2026-11-03 09:00\t退款\r\n', 'utf16le'), {}, 'u16.txt');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1 });
      expect((await call('U16B-1')).topic).toBe('退款');
    });
  });

  describe('XLSX', () => {
    const workbook = async (rows: unknown[][], sheet = 'Calls', style?: (ws: ExcelJS.Worksheet) => void) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(sheet);
      for (const r of rows) ws.addRow(r);
      style?.(ws);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };

    it('reads date cells as local wall-clock times, formulas by their value and rich text as its text; a bare serial number is not guessed to be a date', async () => {
      const body = await workbook(
        [
          ['external_id', 'started_at', 'talk_s', 'topic'],
          ['XL-1', new Date(Date.UTC(2026, 10, 3, 9, 15)), { formula: '30*2', result: 60 }, { richText: [{ text: '账单', font: { bold: true } }, { text: ' query' }] }],
          ['XL-2', 46329.5, 10, 'serial'],
          ['XL-3', 46329.5, 10, 'formatted serial'],
        ],
        'Calls',
        (ws) => (ws.getCell('B4').numFmt = 'yyyy-mm-dd hh:mm'),
      );
      const res = await importCalls(body, { onError: 'skip' }, 'calls.xlsx');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2, rowsRejected: 1 });
      expectCountsAddUp(res.body, 3);
      expect(res.body.errors).toEqual([{ row: 3, column: 'started_at', value: '46329.5', message: expect.stringContaining('not a date') }]);
      const x1 = await call('XL-1');
      expect(x1).toMatchObject({ talk_s: 60, topic: '账单 query' });
      expect(iso(x1.started_at)).toBe('2026-11-03T01:15:00.000Z');
      // 46329.5 formatted as a date is 2026-11-03 12:00 wall-clock, Shanghai time.
      expect(iso((await call('XL-3')).started_at)).toBe('2026-11-03T04:00:00.000Z');
    });

    it('does not read an uncalculated formula or an error cell (#N/A) as blank or as text', async () => {
      const body = await workbook([
        ['external_id', 'started_at', 'talk_s', 'topic'],
        ['XF-1', '2026-11-03 09:00', { formula: '30*2' }, 'a'],
        ['XF-2', '2026-11-03 09:00', { error: '#N/A' }, 'b'],
        ['XF-3', '2026-11-03 09:00', 5, { formula: 'CONCAT("x","y")' }],
        ['XF-4', '2026-11-03 09:00', 5, 'ok'],
      ]);
      const res = await importCalls(body, { onError: 'skip' }, 'calls.xlsx');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1, rowsRejected: 3 });
      expectCountsAddUp(res.body, 4);
      expect(rowsOf(res.body)).toEqual([[2, 'talk_s'], [3, 'talk_s'], [4, 'topic']]);
      expect(res.body.errors[0].message).toMatch(/formula/);
      expect(res.body.errors[1].value).toBe('#N/A');
      expect(await countCalls('XF-')).toBe(1);
    });

    it('answers 400 when mapping.sheet names a sheet the workbook lacks', async () => {
      const body = await workbook([['external_id', 'started_at'], ['XS-1', '2026-11-03 09:00']], 'Calls');
      const res = await upload(body, { kind: 'calls', mapping: JSON.stringify({ sheet: 'Sheet1' }) }, 'calls.xlsx');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/no sheet named "Sheet1"/);
      expect(await countCalls('XS-')).toBe(0);
    });
  });

  describe('JSON Lines', () => {
    it('numbers rows by line, skips blank lines, reports lines that are not objects, and reads numbers given as strings', async () => {
      const lines = [
        JSON.stringify({ external_id: 'JS-1', started_at: '2026-11-03T09:00:00+08:00', talk_s: '60', answered: 'yes', nps: '9' }),
        '',
        'not json',
        '[1, 2]',
        JSON.stringify({ external_id: 'JS-2', started_at: '2026-11-03T09:00:00+08:00', talk_s: 60.6, answered: true, nps: null }),
        JSON.stringify({ external_id: 'JS-3', started_at: '2026-11-03T09:00:00+08:00', talk_s: null, nps: 12 }),
      ].join('\n');
      const res = await importCalls(lines, { onError: 'skip' }, 'calls.jsonl');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2, rowsRejected: 3 });
      expectCountsAddUp(res.body, 5);
      expect(rowsOf(res.body)).toEqual([[3, null], [4, null], [6, 'nps']]);
      expect(await call('JS-1')).toMatchObject({ talk_s: 60, answered: true });
      expect(await call('JS-2')).toMatchObject({ talk_s: 61, answered: true });
    });

    it('does not silently drop a key that the first line lacks', async () => {
      const lines = [
        JSON.stringify({ external_id: 'JK-1', started_at: '2026-11-03T09:00:00+08:00' }),
        JSON.stringify({ external_id: 'JK-2', started_at: '2026-11-03T09:00:00+08:00', talk_s: 60 }),
      ].join('\n');
      const res = await importCalls(lines, { onError: 'skip' }, 'calls.jsonl');
      expect(res.body).toMatchObject({ rowsInserted: 1, rowsRejected: 1 });
      expectCountsAddUp(res.body, 2);
      expect(res.body.errors).toEqual([{ row: 2, column: 'talk_s', value: '60', message: expect.stringMatching(/talk_s.*first line/) }]);
      expect(await countCalls('JK-2')).toBe(0);
    });
  });

  describe('surveys, evaluations and agents', () => {
    it('rejects survey scores out of range and a response without any score', async () => {
      await importCalls('external_id,started_at\nSV-1,2026-11-03 09:00\nSV-2,2026-11-03 09:00\nSV-3,2026-11-03 09:00\n');
      const csv = '通话编号,满意度,推荐度,费力度,评价内容\nSV-1,0,,,\nSV-2,6,,,\nSV-3,,11,,\nSV-1,,,,只有评语\nSV-2,5,10,7,很好\n';
      const res = await importAs('surveys', iconv.encode(csv, 'gbk'), { onError: 'skip' }, 'survey.csv');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1, rowsRejected: 4 });
      expectCountsAddUp(res.body, 5);
      expect(rowsOf(res.body)).toEqual([[2, '满意度'], [3, '满意度'], [4, '推荐度'], [5, '满意度']]);
      expect(res.body.errors[3].message).toMatch(/at least one score/);
      const stored = await t.db.query(`SELECT c.external_id, r.csat, r.nps, r.ces, r.comment FROM survey_responses r JOIN calls c ON c.id = r.call_id WHERE c.external_id LIKE 'SV-%'`);
      expect(stored).toEqual([{ external_id: 'SV-2', csat: 5, nps: 10, ces: 7, comment: '很好' }]);
    });

    it('rejects an evaluation scored 101, an auto_fail of "maybe", a blank score and an unknown agent', async () => {
      await t.db.query(`INSERT INTO agents (code, name) VALUES ('EVA-1', 'Eva')`);
      const csv = 'agent_code,evaluated_at,score,auto_fail\nEVA-1,2026-11-03 09:00,101,\nEVA-1,2026-11-03 10:00,90,maybe\nEVA-1,2026-11-03 11:00,,no\nNOBODY,2026-11-03 12:00,80,\nEVA-1,2026-11-03 13:00,95.5,否\n';
      const res = await importAs('evaluations', csv, { onError: 'skip' });
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1, rowsRejected: 4 });
      expectCountsAddUp(res.body, 5);
      expect(rowsOf(res.body)).toEqual([[2, 'score'], [3, 'auto_fail'], [4, 'score'], [5, 'agent_code']]);
      const rows = await t.db.query(`SELECT e.score, e.auto_fail FROM qa_evaluations e JOIN agents a ON a.id = e.agent_id WHERE a.code = 'EVA-1'`);
      expect(rows).toEqual([{ score: 95.5, auto_fail: false }]);
    });

    it('rejects a team_since in a format it cannot read, naming the row', async () => {
      const csv = 'agent_code,name,team,team_since\nAGX-1,张三,Team X,03/11/2026\nAGX-2,李四,Team X,2026-02-30\nAGX-3,王五,Team X,2026-11-03\n';
      const res = await importAs('agents', csv, {});
      expect(res.body).toMatchObject({ status: 'failed', written: false, rowsRejected: 2 });
      expectCountsAddUp(res.body, 3);
      expect(rowsOf(res.body)).toEqual([[2, 'team_since'], [3, 'team_since']]);
      expect(await count(`SELECT count(*)::int AS n FROM agents WHERE code LIKE 'AGX-%'`)).toBe(0);
    });
  });

  describe('concurrency', () => {
    it('runs two imports of one kind sent at once one after the other, both correct', async () => {
      const a = await upload('external_id,started_at,talk_s\nCON-1,2026-11-03 09:00,1\nCON-2,2026-11-03 09:00,1\n', { kind: 'calls' });
      const b = await upload('external_id,started_at,talk_s\nCON-2,2026-11-03 09:00,2\nCON-3,2026-11-03 09:00,2\n', { kind: 'calls' });
      expect([a.status, b.status]).toEqual([202, 202]);
      await t.app.get(ImportService).idle();
      const jobs = await t.db.query(`SELECT status, rows_inserted, rows_updated FROM imports WHERE id = ANY($1) ORDER BY started_at`, [[a.body.id, b.body.id]]);
      expect(jobs).toEqual([
        { status: 'succeeded', rows_inserted: 2, rows_updated: 0 },
        { status: 'succeeded', rows_inserted: 1, rows_updated: 1 },
      ]);
      expect(await countCalls('CON-')).toBe(3);
      expect((await call('CON-2')).talk_s).toBe(2);
    });
  });

  describe('request fields', () => {
    it.each([
      [{ kind: 'calls', colour: 'red' }, /colour/],
      [{ kind: 'calls', onError: 'maybe' }, /onError/],
      [{ kind: 'calls', dryRun: 'perhaps' }, /dryRun/],
      [{ kind: 'calls', wait: 'later' }, /wait/],
      [{}, /kind/],
    ])('answers 400 for %j', async (fields, message) => {
      const before = await count(`SELECT count(*)::int AS n FROM imports`);
      const res = await upload('external_id,started_at\nRF-1,2026-11-03 09:00\n', fields as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await count(`SELECT count(*)::int AS n FROM imports`)).toBe(before);
    });

    it('answers 400 (not 500) for too many form fields', async () => {
      const fields = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, 'x']));
      const res = await upload('external_id,started_at\n', { kind: 'calls', ...fields });
      expect(res.status).toBe(400);
    });

    it('answers 400 (not 500) for an import id that is not a uuid', async () => {
      for (const path of ['/api/imports/not-a-uuid', '/api/imports/not-a-uuid/errors.csv']) {
        const res = await t.http().get(path).set('Authorization', `Bearer ${admin}`);
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/id/);
      }
    });
  });
});
