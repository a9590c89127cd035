// Where the user's plain JavaScript made a layer or a model (`tf.layers.dense({…})`, `tf.sequential()`,
// `new MyLayer()`), with the file left as written: the shape recorder's `layer` sites by default (a
// transformed file's helper sees them as its calls return instead). tfjs-layers' Layer constructor
// assigns `this.id` to every layer it makes, models included; an accessor for `id` on Layer.prototype
// (the one Sequential's `model` accessor is modelled on, training.ts) turns that assignment into the
// own property it would have been and captures the stack, once per layer. The layer is the user's when
// the frames above the assignment are the constructors of its own class chain (construct calls, or
// calls with the new layer as their receiver), then at most one function of tfjs-layers (the factory
// `tf.layers.dense`), then a plain user file's call: that call is the site. A layer tfjs-layers makes itself (a model's
// inner LayersModel, a wrapper's copies) has other functions of the library between.
import type { SourceSite } from '../../protocol/events';
import { callerSites } from '../stack';
import { plainSite, type PlainFiles } from './plain-frames';

/** Frames captured above the assignment: a few constructors of the class chain, the factory, the user's call. */
const FRAMES = 10;

const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;

/** The class name V8 gives the receiver of the layer's constructors ("Dense", "MyLayer"). */
function className(layer: object): string | undefined {
  const proto = getPrototypeOf(layer) as object | null;
  const ctor = proto ? getOwnPropertyDescriptor(proto, 'constructor')?.value : undefined;
  const name = typeof ctor === 'function' ? getOwnPropertyDescriptor(ctor, 'name')?.value : undefined;
  return typeof name === 'string' ? name : undefined;
}

function siteOf(frames: readonly NodeJS.CallSite[], layer: object, plain: PlainFiles): SourceSite | undefined {
  const own = className(layer);
  const library = frames[0]?.getFileName();
  let i = 0;
  // tfjs-layers' ES5 classes: each super call a plain call with the new layer as receiver, the last a construct call.
  while (i < frames.length && (frames[i].isConstructor() || (own !== undefined && frames[i].getTypeName() === own))) i++;
  if (i < frames.length && frames[i].getFileName() === library && !frames[i].isConstructor()) i++; // the factory
  return i < frames.length ? plainSite(frames[i], plain) : undefined;
}

/** Puts the accessor on the Layer class's prototype (once); `observe` gets each layer a plain user file's call made. */
export function watchLayerSites(layerPrototype: object, observe: (layer: object, site: SourceSite) => void, plain: PlainFiles): void {
  if (getOwnPropertyDescriptor(layerPrototype, 'id')) return; // ours already, or TF.js's own one day
  function setId(this: object, value: unknown): void {
    defineProperty(this, 'id', { value, writable: true, enumerable: true, configurable: true });
    try {
      const site = siteOf(callerSites(setId, FRAMES), this, plain);
      if (site) observe(this, site);
    } catch {
      // the layer is made as it was either way
    }
  }
  defineProperty(layerPrototype, 'id', { get: () => undefined, set: setId, enumerable: false, configurable: true });
}
