// Builds the package (`npm run build`'s tsdown config) before the tooling tests: the benchmark smoke run imports
// this SDK by its name, as users do, which resolves to the built dist/ through package.json "exports". A fresh clone
// has no dist/ yet. Built once here rather than in the test, so the tooling tests never rebuild dist/ while another
// project's tests are using it (vitest runs every project's global setup before any test starts).
import { build } from 'tsdown';

export default async function setup(): Promise<void> {
  await build({ logLevel: 'error' });
}
