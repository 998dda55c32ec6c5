// Checks an import graph against the layer rules: every edge that crosses into a layer its source may not
// import, every file outside the layer map, and every cycle between layers.
import type { ImportEdge } from "./import-graph.js";
import { type Layer, layerOf, MAY_IMPORT } from "./layer-rules.js";

export interface LayerReport {
  /** `src/http/client.ts -> src/auth/types.ts breaks "http must not import auth"` */
  broken: string[];
  /** Files the layer map does not place. */
  unplaced: string[];
  /** Layer cycles, each as "a -> b -> a". */
  cycles: string[];
}

export function checkLayers(
  edges: readonly ImportEdge[],
  rules: Record<Layer, readonly Layer[]> = MAY_IMPORT,
): LayerReport {
  const broken: string[] = [];
  const unplaced = new Set<string>();
  const graph = new Map<Layer, Set<Layer>>();
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (a === undefined) unplaced.add(from);
    if (b === undefined) unplaced.add(to);
    if (a === undefined || b === undefined || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)?.add(b);
    if (!rules[a].includes(b)) broken.push(`${from} -> ${to} breaks "${a} must not import ${b}"`);
  }
  return { broken, unplaced: [...unplaced].sort(), cycles: layerCycles(graph) };
}

/** Every elementary cycle found by a depth-first walk, reported once from its smallest layer name. */
export function layerCycles(graph: ReadonlyMap<Layer, ReadonlySet<Layer>>): string[] {
  const found = new Set<string>();
  const walk = (start: Layer, at: Layer, path: Layer[]): void => {
    for (const next of graph.get(at) ?? []) {
      if (next === start) {
        const min = [...path].sort()[0];
        const i = path.indexOf(min);
        const rotated = [...path.slice(i), ...path.slice(0, i)];
        found.add([...rotated, min].join(" -> "));
      } else if (!path.includes(next)) walk(start, next, [...path, next]);
    }
  };
  for (const start of graph.keys()) walk(start, start, [start]);
  return [...found].sort();
}

/**
 * Files that import each other, directly or through others: each strongly connected group of files (Tarjan),
 * reported as its members joined by " <-> ". Linear in the graph, so it scales to every source file.
 */
export function fileCycles(edges: readonly ImportEdge[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[] = [];
  let counter = 0;
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === file) break;
    }
    if (group.length > 1 || (next.get(file) ?? []).includes(file)) groups.push(group.sort().join(" <-> "));
  };
  for (const file of next.keys()) if (!index.has(file)) visit(file);
  return groups.sort();
}
