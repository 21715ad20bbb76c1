import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OrderedIndex } from "../../../src/service/ordered-index.js";

describe("OrderedIndex", () => {
  it("seeks past holes and keeps creation order through adds, replacements and removals", () => {
    const index = new OrderedIndex<{ seq: number; v: string }>();
    for (let seq = 0; seq < 10; seq++) index.add({ seq, v: `a${seq}` });
    index.remove(3);
    index.remove(4);
    index.replace({ seq: 5, v: "b5" });
    expect(index.from(3, 3).map((item) => item.v)).toEqual(["b5", "a6", "a7"]);
    expect(index.from(0, 100).map((item) => item.seq)).toEqual([0, 1, 2, 5, 6, 7, 8, 9]);
    expect(index.from(10, 5)).toEqual([]);
    index.add({ seq: 4, v: "late" }); // a replayed record re-creating an earlier item goes back in its place
    expect(index.from(4, 2).map((item) => item.v)).toEqual(["late", "b5"]);
  });

  it("agrees with a plain sorted list over random adds and removals (compaction included)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 60 })), { maxLength: 200 }), fc.integer({ min: 0, max: 70 }), (ops, from) => {
        const index = new OrderedIndex<{ seq: number }>();
        const model = new Set<number>();
        let next = 0;
        for (const [add, pick] of ops) {
          if (add) {
            index.add({ seq: next });
            model.add(next++);
          } else if (pick < next) {
            index.remove(pick);
            model.delete(pick);
          }
        }
        const expected = [...model].sort((a, b) => a - b).filter((seq) => seq >= from).slice(0, 7);
        expect(index.from(from, 7).map((item) => item.seq)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
