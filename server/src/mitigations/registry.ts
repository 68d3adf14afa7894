import type { MitigationCommand } from './command';

/** Every mitigation method, in the order menus list them. */
export const MITIGATIONS: readonly MitigationCommand[] = [];

export function findMitigation(name: string): MitigationCommand | undefined {
  return MITIGATIONS.find((method) => method.name === name);
}
