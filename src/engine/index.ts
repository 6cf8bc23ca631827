export { Calendar, type EventId, type Callback, type Firable, type Payload } from './calendar.js';
export { Environment, type RunOptions, type TraceRecord, type Observer } from './environment.js';
export { SimEvent, Timeout, Condition, Process, Interrupt, URGENT, NORMAL, type Yieldable, type ProcessGenerator, type Waiter } from './events.js';
export {
  Resource,
  Request,
  isPreempted,
  type Preempted,
  type ResourceOptions,
  type RequestOptions,
  type RequestStatus,
  type CapacitySchedule,
} from './resource.js';
export { Store, StoreGet, StorePut, type StoreOptions } from './store.js';
export { Container, ContainerEvent, type ContainerOptions } from './container.js';
export { Meeting, type MeetingOptions, type Discussed } from './meeting.js';
export { Tally, TimeWeighted, P2Quantile, exactQuantile, type TallyOptions, type TallySummary } from './monitors.js';
