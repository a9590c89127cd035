// TFRecord framing, the container of TensorBoard's event files: per record a little-endian uint64
// length, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data.
import { maskedCrc32c } from './crc32c';

export function tfRecord(data: Uint8Array): Buffer {
  const header = Buffer.alloc(12);
  header.writeBigUInt64LE(BigInt(data.length), 0);
  header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
  const footer = Buffer.alloc(4);
  footer.writeUInt32LE(maskedCrc32c(data), 0);
  return Buffer.concat([header, data, footer]);
}
