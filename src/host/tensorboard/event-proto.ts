// The few fields of TensorFlow's `Event` and `Summary` protos (tensorflow/core/util/event.proto,
// tensorflow/core/framework/summary.proto) that a scalar event file needs, encoded by hand:
//   Event   { double wall_time = 1; int64 step = 2; oneof { string file_version = 3; Summary summary = 5; } }
//   Summary { repeated Value value = 1; }   Value { string tag = 1; float simple_value = 2; }

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

/** One scalar: what tfjs-node's SummaryFileWriter.scalar writes (TensorFlow stores it as `simple_value`). */
export interface ScalarValue {
  tag: string;
  value: number; // stored as float32, as TensorFlow does
}

class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  key(field: number, wire: number): this {
    return this.varint(BigInt((field << 3) | wire));
  }

  varint(value: bigint): this {
    const bytes: number[] = [];
    let v = BigInt.asUintN(64, value); // negative int64 values take ten bytes, as protobuf writes them
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      bytes.push(v ? low | 0x80 : low);
    } while (v);
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }

  double(value: number): this {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleLE(value);
    this.parts.push(bytes);
    return this;
  }

  float(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    this.parts.push(bytes);
    return this;
  }

  bytes(value: Uint8Array): this {
    this.varint(BigInt(value.length));
    this.parts.push(value);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function summaryValue(scalar: ScalarValue): Buffer {
  return new ProtoWriter()
    .key(1, WIRE_LENGTH).bytes(Buffer.from(scalar.tag, 'utf8'))
    .key(2, WIRE_FIXED32).float(scalar.value)
    .finish();
}

function eventHeader(wallTime: number, step: number): ProtoWriter {
  const event = new ProtoWriter().key(1, WIRE_FIXED64).double(wallTime);
  return step === 0 ? event : event.key(2, WIRE_VARINT).varint(BigInt(step)); // proto3 leaves out a zero, as TensorFlow does
}

/** The first event of every event file: it names the format's version. */
export function fileVersionEvent(wallTime: number): Buffer {
  return eventHeader(wallTime, 0).key(3, WIRE_LENGTH).bytes(Buffer.from('brain.Event:2', 'utf8')).finish();
}

/** One event holding scalar summaries at a step (wall time in seconds since the epoch). */
export function scalarEvent(wallTime: number, step: number, scalars: ScalarValue[]): Buffer {
  const summary = new ProtoWriter();
  for (const scalar of scalars) summary.key(1, WIRE_LENGTH).bytes(summaryValue(scalar));
  return eventHeader(wallTime, step).key(5, WIRE_LENGTH).bytes(summary.finish()).finish();
}
