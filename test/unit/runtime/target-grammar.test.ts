// One reading of "name" and "name@line" targets, shared by the runtime (what is traced) and the host
// (what it says was not found).
import * as assert from 'node:assert/strict';
import type { CallableEvent } from '../../../src/protocol/events';
import { matchesTarget, parseTarget } from '../../../src/protocol/runtime-config';
import { Registry } from '../../../src/runtime/registry';
import type { SiteInfo } from '../../../src/runtime/transform';
import { unseenTargets } from '../../../src/host/run-notices';

const EDGES: [string, { name: string; line?: number }][] = [
  ['splitter', { name: 'splitter' }],
  ['x@12', { name: 'x', line: 12 }],
  ['a@b', { name: 'a@b' }],
  ['@12', { name: '@12' }],
  ['a@b@7', { name: 'a@b', line: 7 }],
  ['ds.map@3', { name: 'ds.map', line: 3 }],
  ['x@', { name: 'x@' }],
  ['x@1.5', { name: 'x@1.5' }],
];

describe('target grammar', () => {
  it('reads a name, or a name at a line', () => {
    for (const [target, spec] of EDGES) assert.deepEqual(parseTarget(target), spec, target);
  });

  it('matches a name at every line, a name@line only at that line', () => {
    assert.equal(matchesTarget('splitter', 'splitter', 4), true);
    assert.equal(matchesTarget('x@12', 'x', 12), true);
    assert.equal(matchesTarget('x@12', 'x', 13), false);
    assert.equal(matchesTarget('x@12', 'x@12', 12), false);
    assert.equal(matchesTarget('@12', '', 12), false, '"@12" is no "any callable on line 12"');
    assert.equal(matchesTarget('a@b', 'a@b', 1), true);
    assert.equal(matchesTarget('fit', 'Learner.fit', 3, 'method'), true, 'a class member by its own name');
    assert.equal(matchesTarget('fit@3', 'Learner.fit', 3, 'method'), true);
    assert.equal(matchesTarget('map', 'ds.map', 3, 'callback'), false, 'a callback only by its whole name');
    assert.equal(matchesTarget('Other.fit', 'Learner.fit', 3, 'method'), false);
  });

  it('is read the same way by the runtime (what is traced) and the host (what was not found)', () => {
    const sites: SiteInfo[] = [
      { name: 'splitter', kind: 'declaration', line: 4, column: 1 },
      { name: 'x', kind: 'variable', line: 12, column: 7 },
      { name: '', kind: 'callback', line: 12, column: 20 },
      { name: 'a@b', kind: 'property', line: 20, column: 3 },
    ];
    for (const [target] of EDGES) {
      const registry = new Registry([target]);
      const traced = registry.sitesOf(() => ({ file: '/p/a.js', token: '0', sites, probes: [], params: [] })).filter((s) => s.traced);
      const callables: CallableEvent[] = sites.map((s, i) => ({ type: 'callable', id: String(i), name: s.name, kind: s.kind, site: { file: '/p/a.js', line: s.line, column: s.column }, traced: true, time: 0 }));
      const notFound = unseenTargets([target], callables).some((u) => u.code === 'target-not-found');
      assert.equal(notFound, traced.length === 0, `${target}: traced ${traced.map((s) => s.name).join(',')}`);
    }
  });
});
