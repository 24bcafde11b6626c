import { describe, expect, it } from "vitest";
import { AnalyzeSchedule } from "./analyze.js";

describe("AnalyzeSchedule", () => {
  it("analyzes at 50,000 applied events, then each time the count doubles", () => {
    const schedule = new AnalyzeSchedule();
    const marks: number[] = [];
    let applied = 0;
    for (let batch = 0; batch < 200; batch++) {
      applied += 5_000;
      if (schedule.applied(5_000)) marks.push(applied);
    }
    expect(marks).toEqual([50_000, 100_000, 200_000, 400_000, 800_000]);
  });
});
