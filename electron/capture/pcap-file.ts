/**
 * Where one stream's raw packets (`tcpdump -w -`) go: a local `.pcap` file, written in order,
 * with a size cap so a long capture cannot fill the disk.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

/** The default cap of a kept pcap. */
export const MAX_PCAP_BYTES = 256 * 1024 * 1024;

export class PcapFile {
  private readonly out: WriteStream;
  private written = 0;
  private closed: Promise<void> | undefined;
  isTruncated = false;

  constructor(
    readonly path: string,
    private readonly maxBytes = MAX_PCAP_BYTES,
    /** Called once the cap is reached, so the producer can be stopped. */
    private readonly onFull: () => void = () => undefined,
  ) {
    this.out = createWriteStream(path, { mode: 0o600 });
    // A write error (disk full, a path gone) ends the file; the stream end reports the size.
    this.out.on('error', () => {
      this.isTruncated = true;
    });
  }

  get bytes(): number {
    return this.written;
  }

  write(chunk: Uint8Array): void {
    if (this.closed || this.isTruncated) return;
    const room = this.maxBytes - this.written;
    const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
    this.written += part.byteLength;
    this.out.write(part);
    if (part.byteLength < chunk.byteLength) {
      this.isTruncated = true;
      this.onFull();
    }
  }

  /** Flushes and closes the file; resolves once it is complete on disk. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.out.end(() => resolve());
      this.out.once('error', () => resolve());
    });
    return this.closed;
  }
}
