import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

/**
 * Writes an XLSX whose shared-string table is generated, never held whole in memory: each part
 * is deflated to a temporary file while its CRC is computed, then the parts are laid out as a
 * plain zip (local headers with sizes, central directory). Entries 0 and 1 are `call_id` and
 * `agent`, the header row; row 2 holds entries 2 and 3. `item(i)` is the inner XML of entry i.
 */
export async function writeWorkbookWithSharedStrings(path: string, count: number, item: (i: number) => string): Promise<{ xmlBytes: number }> {
  const parts: Array<[string, () => AsyncIterable<string>]> = [
    ['[Content_Types].xml', () => once(CONTENT_TYPES)],
    ['_rels/.rels', () => once(ROOT_RELS)],
    ['xl/workbook.xml', () => once(WORKBOOK)],
    ['xl/_rels/workbook.xml.rels', () => once(WORKBOOK_RELS)],
    ['xl/sharedStrings.xml', () => sharedStrings(count, item)],
    ['xl/worksheets/sheet1.xml', () => once(SHEET)],
  ];
  const dir = await mkdtemp(join(tmpdir(), 'callscope-xlsx-'));
  try {
    const entries: Array<{ name: Buffer; crc: number; size: number; compressed: number; file: string }> = [];
    for (const [name, content] of parts) {
      const file = join(dir, `${entries.length}.deflate`);
      let crc = 0;
      let size = 0;
      async function* measured() {
        for await (const piece of content()) {
          const bytes = Buffer.from(piece, 'utf8');
          crc = crc32(bytes, crc);
          size += bytes.length;
          yield bytes;
        }
      }
      await pipeline(measured, createDeflateRaw({ level: constants.Z_BEST_SPEED }), createWriteStream(file));
      entries.push({ name: Buffer.from(name), crc, size, compressed: (await stat(file)).size, file });
    }
    const out = createWriteStream(path);
    let offset = 0;
    const offsets: number[] = [];
    const write = (b: Buffer) => new Promise<void>((resolve, reject) => out.write(b, (e) => (e ? reject(e) : resolve())));
    for (const e of entries) {
      offsets.push(offset);
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(8, 8); // deflate
      header.writeUInt32LE(e.crc, 14);
      header.writeUInt32LE(e.compressed, 18);
      header.writeUInt32LE(e.size, 22);
      header.writeUInt16LE(e.name.length, 26);
      await write(header);
      await write(e.name);
      for await (const chunk of createReadStream(e.file)) await write(chunk as Buffer);
      offset += 30 + e.name.length + e.compressed;
    }
    const directoryStart = offset;
    for (const [i, e] of entries.entries()) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(e.crc, 16);
      central.writeUInt32LE(e.compressed, 20);
      central.writeUInt32LE(e.size, 24);
      central.writeUInt16LE(e.name.length, 28);
      central.writeUInt32LE(offsets[i], 42);
      await write(central);
      await write(e.name);
      offset += 46 + e.name.length;
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - directoryStart, 12);
    end.writeUInt32LE(directoryStart, 16);
    await write(end);
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { xmlBytes: entries[4].size };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

async function* sharedStrings(count: number, item: (i: number) => string): AsyncIterable<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`;
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += `<si>${i === 0 ? '<t>call_id</t>' : i === 1 ? '<t>agent</t>' : item(i)}</si>`;
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + '</sst>';
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheets><sheet name="Calls" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>';
const SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
  '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>';
