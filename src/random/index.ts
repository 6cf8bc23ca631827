export { Stream, type Uniform } from './stream.js';
export { Streams, type StreamsOptions } from './streams.js';
export {
  exponential,
  erlang,
  gamma,
  lognormal,
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
