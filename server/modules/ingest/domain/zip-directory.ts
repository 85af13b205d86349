/**
 * An XLSX is a zip whose directory sits at the very end of the file. A workbook cut off in
 * transfer (or damaged) has no directory there, and a streaming reader would wait for entries
 * that never come: look at the tail first and name the problem (pure: the caller reads the tail).
 */
const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
/** The end record plus the largest zip comment. */
export const ZIP_TAIL_BYTES = EOCD_SIZE + 0xffff;

/** Null when the tail ends with an intact zip directory record; else what is wrong, for the person who uploaded it. */
export function zipDirectoryProblem(tail: Buffer, fileSize: number): string | null {
  const tailStart = fileSize - tail.length;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const commentLength = tail.readUInt16LE(i + 20);
    if (i + EOCD_SIZE + commentLength !== tail.length) continue;
    const directorySize = tail.readUInt32LE(i + 12);
    const directoryOffset = tail.readUInt32LE(i + 16);
    // Zip64 keeps the real values elsewhere.
    if (directorySize === 0xffffffff || directoryOffset === 0xffffffff) return null;
    if (directoryOffset + directorySize > tailStart + i) return 'The workbook is damaged: its zip directory points past the end of the file. Save it again in Excel and upload the saved file.';
    return null;
  }
  return 'The workbook is incomplete or damaged: the file ends before its zip directory (was the upload or download cut off?). Save it again in Excel and upload the whole file.';
}
