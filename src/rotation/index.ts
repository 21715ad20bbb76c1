/** The pure rotation engine: schedule arithmetic and due-event computation. */
export * from "./schedule.js";
export * from "./due.js";
export { compareDue, type DueEvent } from "./due-event.js";
export { DueQueue } from "./due-queue.js";
