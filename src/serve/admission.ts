/**
 * Bounded admission for `catbox serve`: at most `maxActive` requests work at once and at most
 * `maxQueued` wait; anything beyond is turned away at once (503 + Retry-After) instead of piling
 * up in memory.
 */

/** Thrown by {@link Admission.acquire} when both the active slots and the queue are full. */
export class SaturatedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SaturatedError";
  }
}

interface Waiter {
  grant: () => void;
  cancel: (reason: unknown) => void;
}

/** A counting semaphore with a bounded wait queue and a way to wait until everything is done. */
export class Admission {
  #active = 0;
  readonly #queue: Waiter[] = [];
  #idle: Array<() => void> = [];

  constructor(
    readonly maxActive: number,
    readonly maxQueued: number,
  ) {
    if (!(maxActive >= 1)) throw new RangeError("maxActive must be at least 1");
    if (!(maxQueued >= 0)) throw new RangeError("maxQueued must be at least 0");
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /**
   * A slot, now or after waiting in the queue. The decision to refuse is synchronous: throws
   * {@link SaturatedError} when both are full. Rejects with the signal's reason if it aborts while
   * waiting. Call the returned function (once is enough; more calls do nothing) to free the slot.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.#active < this.maxActive && this.#queue.length === 0) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.maxQueued) {
      throw new SaturatedError(`server busy: ${this.#active} requests in flight and ${this.#queue.length} queued; retry shortly`);
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => waiter.cancel(signal!.reason);
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          this.#active++;
          resolve(this.#releaser());
        },
        cancel: (reason) => {
          const i = this.#queue.indexOf(waiter);
          if (i >= 0) this.#queue.splice(i, 1);
          signal?.removeEventListener("abort", onAbort);
          reject(reason);
          this.#checkIdle();
        },
      };
      this.#queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Resolves once nothing is active or queued. */
  idle(): Promise<void> {
    if (this.#active === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      const next = this.#queue.shift();
      if (next) next.grant();
      else this.#checkIdle();
    };
  }

  #checkIdle(): void {
    if (this.#active === 0 && this.#queue.length === 0 && this.#idle.length > 0) {
      const waiting = this.#idle;
      this.#idle = [];
      for (const resolve of waiting) resolve();
    }
  }
}
