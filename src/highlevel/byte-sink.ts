// Bytes arriving in pieces, written into one buffer: of the announced size when there is one (a download's
// Content-Length), so the whole is never copied again; grown by doubling when the pieces outrun it.

export class ByteSink {
  #buffer: Uint8Array<ArrayBuffer>;
  #length = 0;

  /** `capacity`: the bytes expected; a guess, never a limit. */
  constructor(capacity = 0) {
    this.#buffer = new Uint8Array(Math.max(0, capacity));
  }

  get length(): number {
    return this.#length;
  }

  write(piece: Uint8Array): void {
    const needed = this.#length + piece.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(piece, this.#length);
    this.#length = needed;
  }

  /**
   * What was written, in a buffer of exactly that size: the buffer itself when the size was announced right, else a
   * copy (a view would let `data.buffer` show the unused rest).
   */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.#length === this.#buffer.length ? this.#buffer : this.#buffer.slice(0, this.#length);
  }
}

/** The first `length` bytes of `pieces`, joined into one buffer of that size. */
export function joined(pieces: readonly Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    if (at === length) break;
    const part = piece.subarray(0, length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}
