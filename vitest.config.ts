import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Tests are type-checked by `npm run typecheck` (tsc over src and test), run by `npm test`.
  },
});
