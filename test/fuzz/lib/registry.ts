// The fuzz surfaces by name, loaded on demand (each pulls in a different part of Warden).
import type { Surface } from './surface.js';

export const SURFACES = ['dsl', 'rego', 'yaml', 'bundle'] as const;
export type SurfaceName = (typeof SURFACES)[number];

export async function loadSurface(name: SurfaceName): Promise<Surface<unknown>> {
  switch (name) {
    case 'dsl':
      return (await import('../surfaces/dsl.js')).dslSurface as Surface<unknown>;
    case 'rego':
      return (await import('../surfaces/rego.js')).regoSurface as Surface<unknown>;
    case 'yaml':
      return (await import('../surfaces/yaml.js')).yamlSurface as Surface<unknown>;
    case 'bundle':
      return (await import('../surfaces/bundle.js')).bundleSurface() as Promise<Surface<unknown>>;
  }
}
