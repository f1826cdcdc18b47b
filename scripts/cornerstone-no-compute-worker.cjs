/* global module */
// Build-time loader (next.config.ts): @cornerstonejs/tools starts a "compute" web worker for
// segmentation statistics, and that worker imports the module that starts it. Turbopack's
// production build waits forever on that cycle (webpack warns of it). The viewer uses no
// segmentation, so the module that registers the worker becomes a no-op.
module.exports = function stubComputeWorker() {
  return "export function registerComputeWorker() {}\n";
};
