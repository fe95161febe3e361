/** Why a binary payload was rejected by a decoder. */
export type ProtocolErrorCode = 'TRUNCATED' | 'BAD_LENGTH' | 'BAD_MAGIC' | 'BAD_DIMENSIONS' | 'CORRUPT_ZLIB' | 'BAD_KIND' | 'BAD_BASE64' | 'BAD_RECORD';

/** Thrown by every decoder in this library for malformed input; never anything else. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
