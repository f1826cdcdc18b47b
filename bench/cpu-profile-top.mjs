// Where a .cpuprofile's busy time went (from bench/cpu-profile.mjs; idle samples left out): the functions
// heaviest by self time, then the call tree below the first frame matching `from`, each line its share
// of the busy time.
//   node bench/cpu-profile-top.mjs <file> [from="(root)"] [depth=3] [min %=0.5]
import { readFileSync } from "node:fs";

const [file, from = "(root)", depth = "3", minPct = "0.5"] = process.argv.slice(2);
if (!file) throw new Error("usage: node bench/cpu-profile-top.mjs <file> [from] [depth] [min %]");
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const cwd = `file://${process.cwd()}/`;
const label = ({ callFrame: f }) =>
  `${f.functionName || "(anonymous)"} ${f.url.replace(cwd, "").replace(/^.*node_modules\//, "~/")}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const interval = (profile.endTime - profile.startTime) / Math.max(profile.samples.length, 1);

let busy = 0;
const self = new Map();
const tree = { count: 0, children: new Map() };
for (const [id, count] of counts) {
  const stack = [];
  for (let at = id; at !== undefined; at = parent.get(at)) stack.push(label(byId.get(at)));
  if (stack[0].startsWith("(idle)")) continue;
  busy += count;
  self.set(stack[0], (self.get(stack[0]) ?? 0) + count);
  stack.reverse();
  const at = stack.findIndex((l) => l.includes(from));
  if (at < 0) continue;
  let node = tree;
  node.count += count;
  for (const l of stack.slice(at, at + Number(depth) + 1)) {
    if (!node.children.has(l)) node.children.set(l, { count: 0, children: new Map() });
    node = node.children.get(l);
    node.count += count;
  }
}
const pct = (c) => ((100 * c) / busy).toFixed(1).padStart(5);
console.log(`busy: ${busy} samples, ${((busy * interval) / 1000).toFixed(0)} ms of CPU`);
console.log("\nself time:");
for (const [l, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(c)}  ${l}`);
console.log(`\nbelow "${from}":`);
const show = (node, indent) => {
  for (const [l, child] of [...node.children].sort((a, b) => b[1].count - a[1].count)) {
    if ((100 * child.count) / busy < Number(minPct)) continue;
    console.log(`${pct(child.count)}  ${indent}${l}`);
    show(child, `${indent}  `);
  }
};
show(tree, "");
