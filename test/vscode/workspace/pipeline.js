// A fastai-style factory for the Break in Callable tests: the splitter's body lives here, not in the
// script that makes it.
function randomSplitter(validPct) {
  return (items) => {
    const cut = Math.round(items.length * validPct);
    return { train: items.slice(cut), valid: items.slice(0, cut) };
  };
}

module.exports = { randomSplitter };
