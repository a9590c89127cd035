// Run inside the panel's page (Playwright's evaluate): what a user could not read. Text cut off by a
// box (by its own overflow or an ancestor's: Playwright still counts such text as visible), and text
// whose colour is too close to the background it is drawn on (WCAG's contrast ratio).

// Kept as text, so that no compiler (tsx under mocha) adds helpers to it that the page does not have.
const SOURCE = `function unreadableText({ selector, minContrast, cutByDesign }) {
  const parse = (c) => {
    const srgb = /^color\\(srgb ([^)]+)\\)/.exec(c); // what color-mix() computes to
    if (srgb) {
      const [r, g, b, a = '1'] = srgb[1].split(/[\\s/]+/).filter(Boolean);
      return [Number(r) * 255, Number(g) * 255, Number(b) * 255, Number(a)];
    }
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const [r, g, b, a = '1'] = m[1].split(/[,\\s/]+/).filter(Boolean);
    return [Number(r), Number(g), Number(b), Number(a)];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = (el) => {
    const layers = [];
    for (let a = el; a; a = a.parentElement) {
      const c = parse(getComputedStyle(a).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg;
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const clipped = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1) return true;
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) return true;
    }
    return false;
  };
  const problems = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (!el.textContent.trim() || el.getClientRects().length === 0 || el.closest('details:not([open]) > :not(summary)')) continue;
    checked++;
    const text = el.textContent.trim().slice(0, 60);
    if (!(cutByDesign && el.matches(cutByDesign)) && clipped(el)) problems.push(\`cut off: \${text}\`);
    const bg = background(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const contrast = ratio(fg, bg);
    if (contrast < minContrast) problems.push(\`contrast \${contrast.toFixed(2)} (\${getComputedStyle(el).color} on rgb(\${bg.slice(0, 3).map(Math.round).join(',')})): \${text}\`);
  }
  return { checked, problems };
}`;

/**
 * An expression for page.evaluate / locator.evaluate: { checked, problems } for the elements matching
 * `selector`, text whose contrast is below `minContrast` or that its box cuts off (unless it matches
 * `cutByDesign`: a one-line summary whose full text is in its title and opened view).
 * @param {{ selector: string, minContrast: number, cutByDesign?: string }} args
 */
export function unreadableTextScript(args) {
  return `(${SOURCE})(${JSON.stringify(args)})`;
}
