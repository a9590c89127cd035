// The package's own remapping.d.cts uses `export = function …`, which TypeScript 5.9 cannot parse, so
// the typecheck reads this declaration of the part we use instead (see "paths" in tsconfig.json).
declare module '@jridgewell/remapping' {
  import type { EncodedSourceMap } from '@jridgewell/trace-mapping';
  type SourceMapInput = string | EncodedSourceMap;
  type SourceMapLoader = (file: string, ctx: unknown) => SourceMapInput | null | undefined | void;
  interface SourceMap extends EncodedSourceMap {
    toString(): string;
  }
  export default function remapping(input: SourceMapInput | SourceMapInput[], loader: SourceMapLoader, options?: boolean | { excludeContent?: boolean; decodedMappings?: boolean }): SourceMap;
}
