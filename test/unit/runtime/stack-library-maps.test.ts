// A library's frames stay the library's when its own source map names sources outside node_modules:
// TF.js's does (tf-core.node.js.map → <project>/tfjs-core/src/engine.ts), and under tsx, as here, Node
// maps stacks through it.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { StackFrame } from '../../../src/protocol/events';
import { callerStack } from '../../../src/runtime/stack';

describe('stacks through a library\'s source map', () => {
  it('flag TF.js\'s frames, mapped to its sources, as not the user\'s', () => {
    let frames: StackFrame[] = [];
    const probe = (): void => {
      frames = callerStack(probe, 12);
    };
    tf.tidy(() => {
      probe();
      return tf.scalar(1);
    });
    const mapped = frames.filter((f) => f.file !== null && /[\\/]tfjs-core[\\/]src[\\/]/.test(f.file));
    assert.ok(mapped.length > 0, `TF.js's frames mapped to its sources: ${JSON.stringify(frames)}`);
    assert.deepEqual(mapped.filter((f) => f.user), []);
    assert.equal(frames[0].file, __filename);
    assert.equal(frames[0].user, true);
  });
});
