// Faster Conv2D gradients for TF.js without tfjs-node, built from ops every backend runs fast.
//
// Why: the stock cpu kernel Conv2DBackpropFilter reads one element at a time (seconds per batch even
// for a small CNN), and the wasm backend has no Conv2DBackpropFilter kernel at all, so training a
// Conv2D model on wasm fails; its Conv2DBackpropInput is also several times slower than its Conv2D.
//  - filter: dW[kh, kw, ci, co] = Σ over (b, oh, ow) of xPadded[b, oh·sh + kh, ow·sw + kw, ci] · dy[b, oh, ow, co],
//    which is itself a forward conv2d with batch and channels swapped (faster than im2col + matMul here).
//  - input (stride 1 only): a forward conv2d of dy, padded, with the filter flipped and transposed.
// Only NHWC without dilation is handled; anything else keeps the stock gradient.
// check-conv2d-gradient.js compares both against the stock gradients.
'use strict';

function convInfo(tf, xShape, filterShape, attrs) {
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
}

/** dW for x [b, h, w, ci] and dy [b, oh, ow, co]. */
function filterGradient(tf, x, dy, filterShape, attrs) {
  const [kh, kw, ci, co] = filterShape;
  const info = convInfo(tf, x.shape, filterShape, attrs);
  const { top, bottom, left, right } = info.padInfo;
  return tf.tidy(() => {
    const padded = top || bottom || left || right ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
    // Batch and channels swap roles: [ci, h, w, b] convolved with dy as a [oh, ow, b, co] filter,
    // dilated by the stride, gives [ci, kh', kw', co]; the first kh × kw of it is dW.
    const dw = tf.conv2d(padded.transpose([3, 1, 2, 0]), dy.transpose([1, 2, 0, 3]), 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
    return dw.slice([0, 0, 0, 0], [ci, kh, kw, co]).transpose([1, 2, 0, 3]);
  });
}

/** dx for stride 1, or undefined where this does not apply. */
function inputGradient(tf, xShape, dy, filter, attrs) {
  const [kh, kw] = filter.shape;
  const info = convInfo(tf, xShape, filter.shape, attrs);
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return undefined;
  const { top, left } = info.padInfo;
  const padTop = kh - 1 - top;
  const padLeft = kw - 1 - left;
  const padBottom = info.inHeight + kh - 1 - info.outHeight - padTop;
  const padRight = info.inWidth + kw - 1 - info.outWidth - padLeft;
  if (Math.min(padTop, padLeft, padBottom, padRight) < 0) return undefined;
  return tf.tidy(() => {
    const padded = tf.pad(dy, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
    const flipped = tf.reverse(filter, [0, 1]).transpose([0, 1, 3, 2]); // [kh, kw, co, ci]
    return tf.conv2d(padded, flipped, 1, 'valid');
  });
}

/** Replaces Conv2D's registered gradient. Returns a function that restores the stock one. */
function useFastConv2dGradient(tf) {
  const stock = tf.getGradient('Conv2D');
  tf.registerGradient({
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const grads = stock.gradFunc(dy, saved, attrs);
      const [x, filter] = saved;
      const dilations = attrs.dilations === undefined ? [1, 1] : [].concat(attrs.dilations);
      const supported = dilations.every((d) => d === 1) && (attrs.dataFormat ?? 'NHWC') === 'NHWC' && x.rank === 4;
      if (!supported) return grads;
      return {
        x: () => inputGradient(tf, x.shape, dy, filter, attrs) ?? grads.x(),
        filter: () => filterGradient(tf, x, dy, filter.shape, attrs),
      };
    },
  });
  return () => tf.registerGradient(stock);
}

module.exports = { useFastConv2dGradient };
