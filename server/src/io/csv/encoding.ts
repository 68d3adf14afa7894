import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { InputError } from '../../engine/errors';

/** The text encodings Parity reads: UTF-8, and UTF-16 when the file starts with its byte-order mark. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/** Bytes that tell the encoding: the longest byte-order mark (UTF-32) is 4. */
export const SNIFF_BYTES = 4;

/**
 * The encoding of a file from its first bytes. UTF-16 is recognised by its byte-order mark;
 * UTF-32, and UTF-16 without a mark (a zero byte in the first two), are named in one line, as
 * they would otherwise read as one garbled column.
 */
export function encodingOf(head: Buffer, file: string): TextEncoding {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff))
    throw new InputError('the file is UTF-32 text: save it as UTF-8 (or UTF-16) and try again', { file });
  if (starts(0xff, 0xfe)) return 'utf16le';
  if (starts(0xfe, 0xff)) return 'utf16be';
  if (head.length >= 2 && (head[0] === 0 || head[1] === 0)) {
    throw new InputError(
      'the file has zero bytes at its start: it is UTF-16 text without a byte-order mark, or not text at all; save it as UTF-8 and try again',
      { file },
    );
  }
  return 'utf8';
}

/**
 * Bytes in, text out, for input whose encoding is known only once it is read (a pipe) or is
 * UTF-16. The first bytes decide (encodingOf); compressed data on a pipe is refused.
 */
export class TextDecoding extends Transform {
  private decode: ((bytes: Buffer) => string) | undefined;
  private flushDecoder: (() => string) | undefined;
  private head = Buffer.alloc(0);

  constructor(
    private readonly file: string,
    private readonly known?: TextEncoding,
  ) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      if (!this.decode) {
        this.head = Buffer.concat([this.head, chunk]);
        if (this.head.length < SNIFF_BYTES && this.known === undefined) return done();
        this.start(this.known ?? this.sniffed(this.head));
        chunk = this.head;
        this.head = Buffer.alloc(0);
      }
      const text = this.decode!(chunk);
      done(null, text.length > 0 ? text : undefined);
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.decode) {
        this.start(this.known ?? this.sniffed(this.head));
        const text = this.decode!(this.head);
        if (text.length > 0) this.push(text);
      }
      const rest = this.flushDecoder!();
      done(null, rest.length > 0 ? rest : undefined);
    } catch (error) {
      done(error as Error);
    }
  }

  private sniffed(head: Buffer): TextEncoding {
    if (head[0] === 0x1f && head[1] === 0x8b)
      throw new InputError('gzip-compressed data cannot be read from a pipe: decompress it first (gunzip -c FILE | parity ...)', { file: this.file });
    return encodingOf(head, this.file);
  }

  private start(encoding: TextEncoding): void {
    if (encoding === 'utf16be') {
      const decoder = new TextDecoder('utf-16be');
      this.decode = (bytes) => decoder.decode(bytes, { stream: true });
      this.flushDecoder = () => decoder.decode();
    } else {
      const decoder = new StringDecoder(encoding);
      this.decode = (bytes) => decoder.write(bytes);
      this.flushDecoder = () => decoder.end();
    }
  }
}
