/**
 * Map `items` through `fn` with at most `window` items between "started" and "emitted" (plus the
 * one item read and waiting for a slot), emitting
 * results strictly in input order. Bounded memory whatever the input size or how uneven the
 * work is: a slow item holds back reading, not just emitting.
 */
export async function orderedMap<T, R>(
  items: AsyncIterable<T> | Iterable<T>,
  window: number,
  fn: (item: T, index: number) => Promise<R>,
  emit: (result: R, index: number) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  const size = Math.max(1, Math.floor(window));
  const results = new Map<number, R>();
  let issued = 0;
  let emitted = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let emitting: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    emitting = emitting.then(async () => {
      while (results.has(emitted)) {
        const r = results.get(emitted)!;
        results.delete(emitted);
        await emit(r, emitted);
        emitted++;
        wake?.();
      }
    });
    emitting.catch((e) => {
      failure ??= e;
      wake?.();
    });
    return emitting;
  };

  for await (const item of items) {
    if (signal?.aborted || failure !== undefined) break;
    while (issued - emitted >= size && failure === undefined) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (failure !== undefined) break;
    const i = issued++;
    void fn(item, i).then(
      (r) => {
        results.set(i, r);
        return flush();
      },
      (e) => {
        failure ??= e;
        wake?.();
      },
    ).catch(() => undefined); // an emit failure is recorded in `failure` by flush
  }
  while (emitted < issued && failure === undefined) {
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  if (failure !== undefined) throw failure;
  await emitting;
  return issued;
}
