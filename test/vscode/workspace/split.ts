// The TypeScript factory for the Break in Callable tests: types move every column, so only the source
// maps (tsx's, then Trainspect's) put the debugger on the right line.
export interface Split { train: string[]; valid: string[] }
export type Splitter = (items: readonly string[]) => Split;

export function randomSplitter(validPct: number): Splitter {
  return (items: readonly string[]): Split => {
    const cut: number = Math.round(items.length * validPct);
    return { train: items.slice(cut), valid: items.slice(0, cut) };
  };
}
