import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Bodies under this size are sent as they are: compressing them costs more than it saves. */
export const COMPRESS_THRESHOLD_BYTES = 1024;
/** Brotli quality for bodies compressed once and served many times (4 is the middleware's per-request default). */
const STORED_BROTLI_QUALITY = 5;

type Encoding = 'br' | 'gzip';

/**
 * A response body kept in memory with its compressed forms: each encoding is made once, on the
 * first request that accepts it, and every later request gets the same bytes.
 */
export class PrecompressedBody {
  private readonly encoded = new Map<Encoding, Promise<Buffer>>();

  constructor(
    readonly bytes: Buffer,
    readonly etag: string,
  ) {}

  encodedAs(encoding: Encoding): Promise<Buffer> {
    let pending = this.encoded.get(encoding);
    if (!pending) {
      pending =
        encoding === 'br'
          ? brotli(this.bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: STORED_BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: this.bytes.length } })
          : gzipAsync(this.bytes);
      pending.catch(() => this.encoded.delete(encoding));
      this.encoded.set(encoding, pending);
    }
    return pending;
  }

  /** Sends the body as JSON in the best encoding the client accepts, with its ETag (a revalidation gets a 304). */
  async send(req: Request, res: Response): Promise<void> {
    res.setHeader('ETag', this.etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json');
    const accepted = this.bytes.length >= COMPRESS_THRESHOLD_BYTES ? preferredEncoding(req) : null;
    if (accepted) {
      const body = await this.encodedAs(accepted);
      res.setHeader('Content-Encoding', accepted);
      res.send(body);
      return;
    }
    res.send(this.bytes);
  }
}

/** br whenever the client accepts it (smaller at the same speed), else gzip, else none: our preference, not the header's order. */
function preferredEncoding(req: Request): Encoding | null {
  if (req.acceptsEncodings('br') === 'br') return 'br';
  if (req.acceptsEncodings('gzip') === 'gzip') return 'gzip';
  return null;
}
