/** The deadline of one store call. */

/** Settles like `call()`, or rejects once `ms` have passed. */
export const within = <T>(ms: number, call: () => Promise<T>): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The store did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([new Promise<T>((resolve) => resolve(call())), late]).finally(() =>
    clearTimeout(timer),
  );
};
