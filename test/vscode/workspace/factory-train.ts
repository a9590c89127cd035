// The TypeScript twin of factory-train.js: the splitter is made by a factory imported from split.ts
// (which tsx compiles, as CommonJS, to `(0, import_split.randomSplitter)(0.25)`).
import { randomSplitter, type Split, type Splitter } from './split';

const items: string[] = Array.from({ length: 12 }, (_: unknown, i: number): string => `Bengal_${i + 1}.png`);
const pets: { splitter: Splitter } = { splitter: randomSplitter(0.25) };
const { train, valid }: Split = pets.splitter(items);
console.log(`${train.length} train / ${valid.length} valid`);
