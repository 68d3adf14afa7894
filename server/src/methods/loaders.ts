import type { AnyMitigationCommand } from './command';

/**
 * Each method of registry.ts (in its order), loaded when asked for: a CLI run of one method does
 * not evaluate the others' code, nor the learners and matrix library they bring (2.4 MB less
 * resident, bench/mitigate-memory.ts). test/engine/method-loaders.test.ts checks that the two lists agree.
 */
export const MITIGATION_LOADERS: Readonly<Record<string, () => Promise<AnyMitigationCommand>>> = {
  ferm: async () => (await import('./ferm/command.js')).ferm,
  reweighing: async () => (await import('./reweighing/command.js')).reweighing,
  threshold: async () => (await import('./threshold/command.js')).threshold,
  'reject-option': async () => (await import('./reject-option/command.js')).rejectOption,
  wasserstein: async () => (await import('./wasserstein/command.js')).wasserstein,
  'bounded-group-loss': async () => (await import('./bounded-group-loss/command.js')).boundedGroupLossMethod,
  representation: async () => (await import('./representation/command.js')).representation,
  'correlation-remover': async () => (await import('./correlation-remover/command.js')).correlationRemover,
  'disparate-impact-remover': async () => (await import('./disparate-impact-remover/command.js')).disparateImpactRemover,
  'exponentiated-gradient': async () => (await import('./reductions/exponentiated-gradient-command.js')).exponentiatedGradient,
  'grid-search': async () => (await import('./reductions/grid-search-command.js')).gridSearch,
};

/** The method of that name, its module loaded; undefined for an unknown name. */
export function loadMitigation(name: string): Promise<AnyMitigationCommand | undefined> {
  return Object.hasOwn(MITIGATION_LOADERS, name) ? MITIGATION_LOADERS[name]!() : Promise.resolve(undefined);
}

/** Every method, all modules loaded (for listings). */
export function loadMitigations(): Promise<AnyMitigationCommand[]> {
  return Promise.all(Object.values(MITIGATION_LOADERS).map((load) => load()));
}
