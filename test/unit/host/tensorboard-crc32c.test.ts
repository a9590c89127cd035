// The CRC-32C of TensorBoard's TFRecord framing against published check values (RFC 3720, B.4; the
// "123456789" check value of the CRC catalogue), and the masked form against a record TensorFlow wrote.
import * as assert from 'node:assert/strict';
import { crc32c, maskedCrc32c } from '../../../src/host/tensorboard/crc32c';

describe('tensorboard: CRC-32C', () => {
  it('gives the published check values', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa);
    assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
    assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e);
  });

  it('masks as TensorFlow does: the length header of a 24-byte record', () => {
    // The first 12 bytes of any TensorFlow event file whose first record is 24 bytes long
    // (the "brain.Event:2" record with a wall time and no step): 18 00 .. 00, then the masked CRC a3 7f 4b 22.
    const header = Buffer.alloc(8);
    header.writeBigUInt64LE(24n);
    assert.equal(maskedCrc32c(header), 0x224b7fa3);
  });
});
