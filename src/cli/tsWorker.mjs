// Worker-thread entry for the CLI tools: Node 20 does not pass the main thread's TypeScript
// loader to workers, so each worker registers tsx itself, then loads the module it was given.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
