/**
 * `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same
 * run (machines are noisy; ratios travel). Pass names to run some: `npm run bench -- rotation`.
 */
import { accessBenchmark } from "./access.js";
import { consoleBenchmark } from "./console.js";
import { cryptoBenchmark } from "./crypto.js";
import { keyTypesBenchmark } from "./key-types.js";
import { endpointBenchmark } from "./endpoint.js";
import { journalBenchmark } from "./journal.js";
import { protocolBenchmark } from "./protocol.js";
import { rotationBenchmark } from "./rotation.js";
import { simBenchmark } from "./sim.js";

const benchmarks: Record<string, () => Promise<void>> = {
  crypto: cryptoBenchmark,
  "key-types": keyTypesBenchmark,
  rotation: rotationBenchmark,
  protocol: protocolBenchmark,
  access: accessBenchmark,
  console: consoleBenchmark,
  sim: simBenchmark,
  journal: journalBenchmark,
  endpoint: endpointBenchmark,
};

const chosen = process.argv.slice(2);
for (const [name, bench] of Object.entries(benchmarks)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  await bench();
}
