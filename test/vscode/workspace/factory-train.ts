// The TypeScript twin of factory-train.js: types move every column, so only the source maps (tsx's,
// then Trainspect's) put the debugger on the right line.
interface Split { train: string[]; valid: string[] }
type Splitter = (items: readonly string[]) => Split;

function randomSplitter(validPct: number): Splitter {
  return (items: readonly string[]): Split => {
    const cut: number = Math.round(items.length * validPct);
    return { train: items.slice(cut), valid: items.slice(0, cut) };
  };
}

const items: string[] = Array.from({ length: 12 }, (_: unknown, i: number): string => `Bengal_${i + 1}.png`);
const pets: { splitter: Splitter } = { splitter: randomSplitter(0.25) };
const { train, valid }: Split = pets.splitter(items);
console.log(`${train.length} train / ${valid.length} valid`);
