// The bench's raw peer, shared by every section and browser: the same presigned URLs fetched by the
// page itself, with nothing of the portal in between.

// Milliseconds for `page` to fetch `urls`, `parallel` at a time, reading every byte and keeping
// none; an error status fails the figure instead of timing an error page.
export function rawFetch(page, urls, parallel = 1) {
  return page.evaluate(
    async ({ urls, parallel }) => {
      const queue = [...urls];
      const t = performance.now();
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          while (queue.length) {
            const answer = await fetch(queue.shift(), { cache: 'no-store', credentials: 'omit' });
            if (!answer.ok) throw new Error(`a raw fetch was answered ${answer.status}`);
            const reader = answer.body.getReader();
            while (!(await reader.read()).done);
          }
        }),
      );
      return performance.now() - t;
    },
    { urls, parallel },
  );
}
