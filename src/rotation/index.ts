/** The pure rotation engine: schedule arithmetic and due-event computation. */
export * from "./schedule.js";
export * from "./due.js";
export { compareDue, DUE_KIND_RANK, type DueEvent, type DueKind } from "./due-event.js";
export { compareScheduled, DueQueue, type Scheduled } from "./due-queue.js";
