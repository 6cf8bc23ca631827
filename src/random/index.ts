/**
 * Random numbers for the simulator: named, seeded streams (`Streams`, `Stream`), distributions
 * drawn from them, and non-homogeneous Poisson arrivals.
 */
export { Stream, type Uniform } from './stream.js';
export { Streams, type StreamsOptions } from './streams.js';
export {
  exponential,
  erlang,
  gamma,
  lognormal,
  lognormalParams,
  standardNormal,
  weibull,
  triangular,
  uniform,
  normal,
  truncatedNormal,
  bernoulli,
  discrete,
  makeDiscrete,
  poisson,
  normalCdf,
  normalQuantile,
} from './distributions.js';
export { nextArrivalNHPP, NHPPArrivals } from './arrivals.js';
