/** The pure rotation engine: schedule arithmetic and due-event computation. */
export * from "./schedule.js";
export * from "./due.js";
export { DueQueue, compareDue } from "./due-queue.js";
