// Deliberately empty. The cold-import row imports it first in each fresh process, so that Node's ESM loader has
// started (as in any ESM app) before the package import is timed (bench/sections/package.ts).
