// Whether a target selects a site: the transform (which functions get probes) and the registry (which
// sites are traced) ask the same question, and the registry must not load the transform to ask it.
import type { CallableKind } from '../protocol/events';
import { matchesTarget } from '../protocol/runtime-config';

/** Whether a target selects this site (every site when there are no targets). */
export function siteMatches(targets: readonly string[], name: string, line: number, kind: CallableKind): boolean {
  return targets.length === 0 || targets.some((t) => matchesTarget(t, name, line, kind));
}
