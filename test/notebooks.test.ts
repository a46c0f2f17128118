/**
 * The notebooks in notebooks/ are committed executed (`npm run notebooks` re-runs them with Jupyter and
 * the tslab kernel). Without Jupyter, this checks what can go stale: every code cell ran, in order, in
 * one run, without an error; each notebook shows its charts inline; outputs hold no temporary paths or
 * timing metadata; and every name a notebook imports from the library is still exported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const DIR = join(import.meta.dirname, '..', 'notebooks');
const NOTEBOOKS = ['01-pre-release-audit.ipynb', '02-mitigations.ipynb', '03-drift-monitoring.ipynb'];
const RERUN = 'run `npm run notebooks` and commit notebooks/';

interface Output {
  readonly output_type: string;
  readonly name?: string;
  readonly text?: string | string[];
  readonly data?: Record<string, unknown>;
}
interface Cell {
  readonly cell_type: string;
  readonly id?: string;
  readonly source: string | string[];
  readonly execution_count?: number | null;
  readonly outputs?: Output[];
  readonly metadata: Record<string, unknown>;
}
interface Notebook {
  readonly nbformat: number;
  readonly metadata: { readonly kernelspec?: { readonly name?: string } };
  readonly cells: Cell[];
}

const text = (x: string | string[] | undefined) => (Array.isArray(x) ? x.join('') : (x ?? ''));
const read = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Notebook;

describe('notebooks/', () => {
  it('holds the three walkthroughs and nothing unexpected', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.ipynb'))).toEqual(NOTEBOOKS);
  });

  describe.each(NOTEBOOKS)('%s', (name) => {
    const nb = read(name);
    const code = nb.cells.filter((c) => c.cell_type === 'code');

    it('is an nbformat 4 notebook for the tslab TypeScript kernel, with prose', () => {
      expect(nb.nbformat).toBe(4);
      expect(nb.metadata.kernelspec?.name).toBe('tslab');
      expect(nb.cells.every((c) => typeof c.id === 'string')).toBe(true);
      expect(nb.cells.filter((c) => c.cell_type === 'markdown').length).toBeGreaterThanOrEqual(
        code.length / 2,
      );
    });

    it('was executed top to bottom in one run, without an error', () => {
      expect(
        code.map((c) => c.execution_count),
        RERUN,
      ).toEqual(code.map((_, i) => i + 1));
      // tslab reports a failed cell as text on stderr, not as an error output.
      const errors = code.flatMap((c) =>
        (c.outputs ?? [])
          .filter((o) => o.output_type === 'error' || o.name === 'stderr')
          .map((o) => text(o.text)),
      );
      expect(errors, RERUN).toEqual([]);
    });

    it('shows charts inline as SVG, and records no temporary paths or timings', () => {
      const outputs = code.flatMap((c) => c.outputs ?? []);
      expect(outputs.filter((o) => o.data?.['image/svg+xml'] !== undefined).length).toBeGreaterThan(0);
      const all = JSON.stringify(outputs);
      expect(all).not.toMatch(/\/tmp\/|fairprobe-(audit|drift)-[A-Za-z0-9]{6}/);
      expect(code.filter((c) => c.metadata.execution !== undefined)).toEqual([]);
    });

    it('imports only names the library still exports', () => {
      const source = code.map((c) => text(c.source)).join('\n');
      const imports = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'\.\.\/dist\/index\.js'/g)];
      expect(imports.length).toBeGreaterThan(0);
      const names = imports.flatMap((m) =>
        m[1]!
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n !== ''),
      );
      const index = readFileSync(join(import.meta.dirname, '..', 'src', 'index.ts'), 'utf8');
      const missing = names.filter((n) =>
        n.startsWith('type ') ? !new RegExp(`\\b${n.slice(5)}\\b`).test(index) : !(n in api),
      );
      expect(missing).toEqual([]);
    });
  });
});
