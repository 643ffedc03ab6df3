/**
 * Facts the code decides once (issue 11.5), checked over the sources so a second copy cannot
 * creep back: no import cycles (type-only imports included), the API and etcd ports only in the
 * plan, kubeconfigs assembled in one module, cri-dockerd decided by the plan, one
 * MIN_KUBE_MINOR, one kube-* unit template.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');
const NOT_SOURCE = new Set(['node_modules', 'dist', 'test', 'coverage', 'examples', 'bin', '.git', '.ci']);

function walk(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (NOT_SOURCE.has(name) || name.startsWith('.')) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return walk(full, keep);
    return keep(name) ? [full] : [];
  });
}

const tsFiles = walk(repo, (n) => n.endsWith('.ts') && !n.endsWith('.d.ts'));
const templateFiles = walk(repo, (n) => n.endsWith('.hbs'));
const rel = (file: string): string => path.relative(repo, file).split(path.sep).join('/');
const text = new Map([...tsFiles, ...templateFiles].map((f) => [rel(f), readFileSync(f, 'utf8')]));

/** Relative imports of a source file, as repo-relative .ts paths. */
function importsOf(file: string): string[] {
  const specs = [...text.get(file)!.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)];
  return specs
    .map((m) => rel(path.resolve(path.dirname(path.join(repo, file)), m[1]!.replace(/\.js$/, '.ts'))))
    .filter((target) => text.has(target));
}

/** Strongly connected components with more than one file (Tarjan), each sorted. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Source lines (ts and templates) matching `pattern`, outside `allowed` files, comments skipped. */
function linesMatching(pattern: RegExp, allowed: readonly string[]): string[] {
  const hits: string[] = [];
  for (const [file, body] of text) {
    if (allowed.includes(file)) continue;
    body.split('\n').forEach((line, i) => {
      const code = line.trim();
      if (code.startsWith('*') || code.startsWith('/**') || code.startsWith('//')) return;
      if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${code}`);
    });
  }
  return hits;
}

describe('domain facts decided once', () => {
  it('the cycle finder finds a cycle', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('has no import cycle in the codebase (type-only imports count)', () => {
    const graph = new Map([...text.keys()].filter((f) => f.endsWith('.ts')).map((f) => [f, importsOf(f)]));
    expect(graph.get('profiles/artifacts.ts')).toContain('profiles/known-checksums.ts');
    expect(importCycles(graph)).toEqual([]);
  });

  it('writes the API server and etcd ports only in the plan', () => {
    expect(text.get('plan/plan-cluster.ts')).toMatch(/APISERVER_PORT = 6443/);
    expect(linesMatching(/(?<![\d.])(6443|2379|2380|2381)(?!\d)/, ['plan/plan-cluster.ts'])).toEqual([]);
  });

  it('assembles kubeconfigs in one module', () => {
    expect(linesMatching(/\brenderKubeconfig\(/, ['pki/kubeconfig.ts', 'pki/kubeconfigs.ts'])).toEqual([]);
  });

  it('decides cri-dockerd and the CRI socket in the plan', () => {
    const allowed = ['plan/runtime.ts', 'plan/versions.ts', 'inventory/rules/versions.ts'];
    const hits = linesMatching(/needsCriDockerd|\.sock\b|minor >= 24|kubeMinor >= 24/, allowed);
    expect(hits.map((h) => h.replace(/:\d+: /, ': '))).toEqual([
      // the socket unit names the socket file systemd creates; plan/runtime.ts says so.
      'profiles/templates/cri-dockerd/cri-docker.socket.hbs: ListenStream=%t/cri-dockerd.sock',
      // dockerd's own flag, not kubelet's CRI endpoint.
      'profiles/templates/docker/40-flannel.conf.hbs: ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock $DOCKER_OPT_BIP $DOCKER_OPT_MTU $DOCKER_OPT_IPMASQ',
    ]);
    expect(
      linesMatching(/cluster\.runtime\b/, [
        'plan/plan-cluster.ts',
        'plan/plan-json.ts',
        'plan/format-plan.ts',
        'inventory/rules/versions.ts',
        'profiles/user-profiles.ts',
        'inventory/codes.ts',
        // validation: refuses a runtime the OS family has no source for.
        'plan/os-support.ts',
      ]),
    ).toEqual([]);
  });

  it('defines MIN_KUBE_MINOR once', () => {
    expect(linesMatching(/MIN_KUBE_MINOR\s*=/, [])).toEqual([
      'plan/versions.ts:17: export const MIN_KUBE_MINOR = 20;',
    ]);
  });

  it('renders every Kubernetes binary from one unit template', () => {
    const kube = [...text.keys()].filter(
      (f) => f.startsWith('profiles/templates/kubernetes/') && f.endsWith('.service.hbs'),
    );
    expect(kube).toEqual(['profiles/templates/kubernetes/kube-component.service.hbs']);
  });
});
