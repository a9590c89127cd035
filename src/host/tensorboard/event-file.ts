// One TensorBoard event file being written: its records are gathered and written a block at a time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileVersionEvent, scalarEvent, type ScalarValue } from './event-proto';
import { tfRecord } from './tfrecord';

const BLOCK_BYTES = 1 << 20;

/**
 * TensorFlow's EventsWriter name, as tfjs-node's summaryFileWriter gets it:
 * events.out.tfevents.<10-digit seconds>.<host><suffix>, with tfjs-node's default suffix ".v2".
 */
export function eventFileName(wallTimeSeconds: number, host: string): string {
  return `events.out.tfevents.${String(Math.floor(wallTimeSeconds)).padStart(10, '0')}.${host}.v2`;
}

export class EventFile {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private handle: fs.promises.FileHandle | undefined;
  scalars = 0;

  constructor(readonly file: string, private readonly firstWallTime: number) {}

  async add(wallTime: number, step: number, scalar: ScalarValue): Promise<void> {
    if (!this.handle) {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      this.handle = await fs.promises.open(this.file, 'w');
      this.push(fileVersionEvent(this.firstWallTime));
    }
    this.push(scalarEvent(wallTime, step, [scalar]));
    this.scalars++;
    if (this.pendingBytes >= BLOCK_BYTES) await this.flush();
  }

  async close(): Promise<void> {
    if (!this.handle) return;
    await this.flush();
    await this.handle.close();
    this.handle = undefined;
  }

  private push(event: Buffer): void {
    const record = tfRecord(event);
    this.pending.push(record);
    this.pendingBytes += record.length;
  }

  private async flush(): Promise<void> {
    const block = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle!.write(block);
  }
}
