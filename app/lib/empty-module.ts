// The browser's stand-in for Node's `fs` and `path`: the DICOM codecs (Emscripten builds shipped in
// @cornerstonejs/codec-*) import them only on Node, never in the browser (see next.config.ts).
const empty = {};
export default empty;
