import { describe, expect, it } from "vitest";
import { inFlight, Semaphore } from "./in-flight";

describe("Semaphore / inFlight", () => {
  it("bounds concurrency and admits FIFO", async () => {
    const sem = new Semaphore(2);
    const step = inFlight(sem);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const req = { method: "GET" as const, path: "/", route: "/", what: "x" };
    await Promise.all(Array.from({ length: 6 }, (_, i) => step(req, async () => {
      order.push(i);
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 2));
      active -= 1;
      return { status: 200, headers: {}, text: "" };
    })));
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sem.inUse).toBe(0);
  });

  it("releases on failure and grows when the limit is raised", async () => {
    const sem = new Semaphore(1);
    await expect(inFlight(sem)({ method: "GET", path: "/", route: "/", what: "x" }, async () => { throw new Error("x"); })).rejects.toThrow();
    expect(sem.inUse).toBe(0);
    await sem.acquire();
    let admitted = false;
    void sem.acquire().then(() => { admitted = true; });
    expect(sem.waiting).toBe(1);
    sem.setLimit(2);
    await Promise.resolve();
    expect(admitted).toBe(true);
    sem.release();
    sem.release();
    sem.release();
    expect(sem.inUse).toBe(0);
  });
});
