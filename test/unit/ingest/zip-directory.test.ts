import { zipDirectoryProblem } from '../../../server/modules/ingest/domain/zip-directory';

/** A minimal zip end record: directory of `size` bytes at `offset`, then a comment. */
function endRecord(offset: number, size: number, comment = ''): Buffer {
  const b = Buffer.alloc(22 + comment.length);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  b.writeUInt16LE(comment.length, 20);
  b.write(comment, 22, 'latin1');
  return b;
}

describe('zipDirectoryProblem', () => {
  it('accepts a file ending with its directory record (with or without a comment)', () => {
    const file = Buffer.concat([Buffer.alloc(100), endRecord(60, 40)]);
    expect(zipDirectoryProblem(file, file.length)).toBeNull();
    const commented = Buffer.concat([Buffer.alloc(100), endRecord(60, 40, 'made by a tool')]);
    expect(zipDirectoryProblem(commented, commented.length)).toBeNull();
  });

  it('names a file cut off before its directory record', () => {
    expect(zipDirectoryProblem(Buffer.alloc(500, 7), 500)).toMatch(/^The workbook is incomplete or damaged: the file ends before its zip directory/);
  });

  it('names a directory that points past the data before it', () => {
    const file = Buffer.concat([Buffer.alloc(100), endRecord(90, 40)]);
    expect(zipDirectoryProblem(file, file.length)).toMatch(/points past the end/);
  });

  it('reads only the tail it is given, at the right offset', () => {
    const tail = Buffer.concat([Buffer.alloc(10), endRecord(5000, 40)]);
    // The whole file is 5,072 bytes: the directory (5,000..5,040) lies before the end record.
    expect(zipDirectoryProblem(tail, 5072)).toBeNull();
  });
});
