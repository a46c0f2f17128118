/**
 * A small seeded data set for the model tests: the outcome ignores gender, `hobby_hours` is a
 * strong gender proxy, `visits` drives the outcome, `noise` carries nothing.
 */
import { writeFileSync } from 'node:fs';
import { rng } from '../helpers/data.js';

export interface ProxyData {
  readonly columns: Record<string, (number | string)[]>;
  readonly n: number;
}

export function proxyData(n = 3000, seed = 7): ProxyData {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const gender: string[] = [];
  const hobby: number[] = [];
  const visits: number[] = [];
  const noise: number[] = [];
  const plan: string[] = [];
  const converted: number[] = [];
  for (let i = 0; i < n; i++) {
    const female = r() < 0.5;
    gender.push(female ? 'female' : 'male');
    hobby.push(Math.round((10 + (female ? 6 : 0) + 3 * normal()) * 10) / 10);
    const v = Math.max(0, Math.round(4 + 2.5 * normal()));
    visits.push(v);
    noise.push(Math.round(normal() * 1000) / 1000);
    plan.push(['basic', 'pro', 'team'][Math.floor(r() * 3)]!);
    const z = -2 + 0.45 * v;
    converted.push(r() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  return { columns: { gender, hobby_hours: hobby, visits, noise, plan, converted }, n };
}

export function writeCsv(path: string, d: ProxyData): void {
  const names = Object.keys(d.columns);
  const lines = [names.join(',')];
  for (let i = 0; i < d.n; i++) lines.push(names.map((c) => String(d.columns[c]![i])).join(','));
  writeFileSync(path, `${lines.join('\n')}\n`);
}
