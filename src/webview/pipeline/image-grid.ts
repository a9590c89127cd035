// show_batch: a batch's first images, drawn on <canvas> from the thumbnails the runtime sent (uint8
// pixels, base64), each with its label as text under it.
import type { ImagesEvent, ImageThumb } from '../../protocol/events';
import { h } from '../dom';

/** CSS pixels per thumbnail pixel: small thumbnails are drawn bigger, still sharp. */
const zoomOf = (event: ImagesEvent): number => Math.max(1, Math.min(6, Math.floor(96 / Math.max(event.width, event.height))));

function bytesOf(data: string): Uint8Array {
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function thumbCanvas(event: ImagesEvent, thumb: ImageThumb, zoom: number): HTMLCanvasElement {
  const { width, height, channels } = event;
  const canvas = h('canvas', { attrs: { width: String(width), height: String(height), 'aria-hidden': 'true' } });
  canvas.style.width = `${width * zoom}px`;
  canvas.style.height = `${height * zoom}px`;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const pixels = bytesOf(thumb.data);
  const image = context.createImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    const r = pixels[p * channels];
    image.data[p * 4] = r;
    image.data[p * 4 + 1] = channels === 3 ? pixels[p * 3 + 1] : r;
    image.data[p * 4 + 2] = channels === 3 ? pixels[p * 3 + 2] : r;
    image.data[p * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  return canvas;
}

const SCALE_TEXT: Record<ImagesEvent['scale']['kind'], string> = {
  unit: 'values in [0, 1], shown × 255',
  byte: 'values in [0, 255], shown as they are',
  range: 'values stretched from their range to 0–255',
};

export function renderImageGrid(event: ImagesEvent): HTMLElement {
  const zoom = zoomOf(event);
  const where = event.api === 'fit' ? 'the first samples of x as passed to fit' : `batch ${event.batch + 1} (${event.api})`;
  const [n] = event.shape;
  return h('section', { class: 'image-batch', attrs: { 'aria-label': `Images of ${where}` } },
    h('h4', {}, `${event.images.length} of ${n.toLocaleString('en-US')} images of ${where}, x [${event.shape.join(',')}]`),
    h('div', { class: 'image-grid' }, ...event.images.map((thumb, i) =>
      h('figure', { class: 'thumb', attrs: { 'data-label': thumb.label === null ? '' : String(thumb.label) } },
        thumbCanvas(event, thumb, zoom),
        h('figcaption', { title: `sample ${i}` }, thumb.label === null ? '—' : String(thumb.label))))),
    h('div', { class: 'value-note' }, `${event.width}×${event.height} thumbnails; ${SCALE_TEXT[event.scale.kind]}; labels: the argmax of y (one-hot) or its value`));
}
