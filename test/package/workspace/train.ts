// A TypeScript pipeline with no dependencies, traced by the installed packages from a folder outside
// the Trainspect repository (scripts/test-package.mjs): only the tsx that the package ships can run it.
enum Split {
  Train = 'train',
  Valid = 'valid',
}

interface Item {
  file: string;
  breed: string;
}

const BREEDS: readonly string[] = ['Birman', 'Ragdoll', 'Sphynx'];
const items: Item[] = BREEDS.flatMap((breed) => Array.from({ length: 4 }, (_, i) => ({ file: `${breed}_${i + 1}.png`, breed })));

function splitter(files: string[], validPct: number): Record<Split, string[]> {
  const cut = Math.round(files.length * validPct);
  return { [Split.Train]: files.slice(cut), [Split.Valid]: files.slice(0, cut) };
}

const split = splitter(items.map((item) => item.file), 0.25);
console.log(`train ${split[Split.Train].length}, valid ${split[Split.Valid].length}`);
