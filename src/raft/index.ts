/** Public surface of the pure Raft state machine. */
export * from './types';
export { RawNode } from './rawnode';
export { encodeConfChange, decodeConfChange } from './confchange';
