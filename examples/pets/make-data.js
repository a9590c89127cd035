// Generates a small, deterministic "pets" data set: 64×64 PNG drawings of six breeds, named the way
// the Oxford-IIIT Pets files are (cats capitalised, dogs lower-case): data/images/Bengal_12.png.
// Each breed differs in fur colour, pattern and ear shape; pose, size, lighting and noise vary.
//
//   node make-data.js [--per-breed 50] [--out data/images]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');
const { seededRandom } = require('./seeded-random');

const SIZE = 64;


const clamp = (v) => Math.max(0, Math.min(255, Math.round(v)));
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

// fur: base colour; pattern: how the coat varies; ears: 'pointed' (cats) or 'floppy' (dogs);
// size: body scale; extra colours used by the pattern.
const BREEDS = [
  { name: 'Abyssinian', fur: [176, 106, 58], pattern: 'ticked', ears: 'pointed', size: 0.9 },
  { name: 'Bengal', fur: [214, 164, 80], pattern: 'spots', spot: [60, 40, 25], ears: 'pointed', size: 0.95 },
  { name: 'Siamese', fur: [232, 220, 196], pattern: 'points', point: [70, 48, 38], ears: 'pointed', size: 0.9 },
  { name: 'beagle', fur: [250, 248, 240], pattern: 'saddle', head: [168, 98, 40], saddle: [35, 30, 28], ears: 'floppy', size: 1.0 },
  { name: 'great_pyrenees', fur: [244, 242, 236], pattern: 'fluffy', ears: 'floppy', size: 1.2 },
  { name: 'pug', fur: [206, 172, 122], pattern: 'mask', mask: [40, 34, 30], ears: 'floppy', size: 0.85 },
];

/** Draws one animal into an RGBA buffer. */
function drawPet(breed, rand) {
  const data = Buffer.alloc(SIZE * SIZE * 4);
  const bgA = [rand() * 120 + 80, rand() * 120 + 80, rand() * 120 + 80];
  const bgB = [rand() * 120 + 60, rand() * 120 + 60, rand() * 120 + 60];
  const light = 0.8 + rand() * 0.35; // lighting varies from photo to photo
  const jitter = breed.fur.map(() => (rand() - 0.5) * 30);
  const fur = breed.fur.map((v, i) => v + jitter[i]);
  const s = breed.size * (0.8 + rand() * 0.3) * SIZE;
  const flip = rand() < 0.5 ? -1 : 1; // facing left or right
  const cx = SIZE / 2 + (rand() - 0.5) * 10;
  const cy = SIZE * 0.62 + (rand() - 0.5) * 8;
  const body = { x: cx, y: cy, rx: s * 0.34, ry: s * 0.2 };
  const head = { x: cx + flip * s * 0.28, y: cy - s * 0.2, r: s * 0.16 };
  const spots = Array.from({ length: 14 }, () => ({
    x: body.x + (rand() - 0.5) * body.rx * 2, y: body.y + (rand() - 0.5) * body.ry * 2, r: 1.5 + rand() * 2.5,
  }));

  const inEllipse = (x, y, e) => ((x - e.x) / e.rx) ** 2 + ((y - e.y) / e.ry) ** 2 <= 1;
  const inCircle = (x, y, c, r = c.r) => (x - c.x) ** 2 + (y - c.y) ** 2 <= r * r;
  const inEar = (x, y) => {
    for (const side of [-1, 1]) {
      const ex = head.x + side * head.r * 0.6;
      if (breed.ears === 'pointed') {
        // A triangle rising above the head.
        const top = head.y - head.r * 1.7;
        const base = head.y - head.r * 0.5;
        if (y >= top && y <= base && Math.abs(x - ex) <= ((y - top) / (base - top)) * head.r * 0.5) return true;
      } else if (inEllipse(x, y, { x: ex + side * head.r * 0.35, y: head.y + head.r * 0.25, rx: head.r * 0.3, ry: head.r * 0.75 })) {
        return true; // hanging down beside the head
      }
    }
    return false;
  };

  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let c = mix(bgA, bgB, y / SIZE);
      const isHead = inCircle(x, y, head);
      const isEar = inEar(x, y);
      const fluffR = breed.pattern === 'fluffy' ? 1 + rand() * 0.25 : 1;
      const isBody = inEllipse(x, y, { ...body, rx: body.rx * fluffR, ry: body.ry * fluffR });
      if (isBody || isHead || isEar) {
        c = fur;
        switch (breed.pattern) {
          case 'ticked': c = fur.map((v) => v + ((x + y) % 3 === 0 ? -45 : 12)); break;
          case 'spots': if (isBody && spots.some((p) => inCircle(x, y, p))) c = breed.spot; break;
          case 'points': if (isEar || (isHead && Math.abs(x - head.x) < head.r * 0.5 && y > head.y - head.r * 0.2)) c = breed.point; break;
          case 'saddle':
            if (isHead || isEar) c = breed.head;
            else if (y < body.y - body.ry * 0.1) c = breed.saddle;
            break;
          case 'fluffy': c = fur.map((v) => v - rand() * 25); break;
          case 'mask': if (isEar || (isHead && inCircle(x, y, { x: head.x + flip * head.r * 0.35, y: head.y + head.r * 0.2 }, head.r * 0.6))) c = breed.mask; break;
        }
      }
      const i = (y * SIZE + x) * 4;
      const noise = () => (rand() - 0.5) * 36;
      data[i] = clamp(c[0] * light + noise());
      data[i + 1] = clamp(c[1] * light + noise());
      data[i + 2] = clamp(c[2] * light + noise());
      data[i + 3] = 255;
    }
  }
  return data;
}

function makeData({ outDir, perBreed, seed = 2024 }) {
  fs.mkdirSync(outDir, { recursive: true });
  const rand = seededRandom(seed);
  let count = 0;
  for (const breed of BREEDS) {
    for (let n = 1; n <= perBreed; n++) {
      const png = new PNG({ width: SIZE, height: SIZE, colorType: 2 }); // RGB: no alpha channel in the file
      png.data = drawPet(breed, rand);
      fs.writeFileSync(path.join(outDir, `${breed.name}_${n}.png`), PNG.sync.write(png, { colorType: 2 }));
      count++;
    }
  }
  return count;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const outDir = path.resolve(option('--out', path.join(__dirname, 'data', 'images')));
  const perBreed = Number(option('--per-breed', '50'));
  const started = Date.now();
  const count = makeData({ outDir, perBreed });
  console.log(`Wrote ${count} images of ${BREEDS.length} breeds to ${path.relative(process.cwd(), outDir) || '.'} in ${Date.now() - started} ms`);
}

module.exports = { makeData, BREEDS };
