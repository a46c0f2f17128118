import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The browser builds of vega, vega-lite and vega-embed, inlined into every HTML report. */
export interface VegaAssets {
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
  readonly versions: { readonly vega: string; readonly vegaLite: string; readonly vegaEmbed: string };
}

const BUILDS = [
  { pkg: 'vega', file: 'vega.min.js', key: 'vega' },
  { pkg: 'vega-lite', file: 'vega-lite.min.js', key: 'vegaLite' },
  { pkg: 'vega-embed', file: 'vega-embed.min.js', key: 'vegaEmbed' },
] as const;

let cached: VegaAssets | undefined;

function isPackage(dir: string, pkg: string): boolean {
  const file = join(dir, 'package.json');
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === pkg;
}

/** Finds a package's folder from its main entry (the packages' `exports` hide their other files). */
function packageDir(pkg: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(pkg));
  while (!isPackage(dir, pkg)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of the package ${pkg}`);
    dir = up;
  }
  return dir;
}

/**
 * Reads the minified browser builds from node_modules (once per process). The trailing
 * `sourceMappingURL` comment is removed so a browser never asks for the map file.
 * @throws {Error} when a package or its build is missing (reinstall with `npm ci`).
 */
export function vegaAssets(): VegaAssets {
  if (cached) return cached;
  const scripts: Record<string, string> = {};
  const versions: Record<string, string> = {};
  for (const b of BUILDS) {
    const dir = packageDir(b.pkg);
    const path = join(dir, 'build', b.file);
    if (!existsSync(path)) {
      throw new Error(`the browser build ${path} is missing; reinstall the dependencies with \`npm ci\``);
    }
    scripts[b.key] = readFileSync(path, 'utf8')
      .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n')
      .replace(/<\/(script)/gi, '<\\/$1');
    versions[b.key] = (
      JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }
    ).version;
  }
  cached = {
    vega: scripts.vega!,
    vegaLite: scripts.vegaLite!,
    vegaEmbed: scripts.vegaEmbed!,
    versions: versions as unknown as VegaAssets['versions'],
  };
  return cached;
}
