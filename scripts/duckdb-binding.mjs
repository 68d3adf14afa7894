// Which of DuckDB's per-platform binding packages this machine uses, as @duckdb/node-bindings
// itself decides (platform, architecture, musl or glibc), and the matching `vsce --target`.
import { familySync, MUSL } from 'detect-libc';

const musl = process.platform === 'linux' && familySync() === MUSL;

export function duckDbBindingPackage() {
  return `@duckdb/node-bindings-${process.platform}-${process.arch}${musl ? '-musl' : ''}`;
}

/** The VS Code platform the packaged binding runs on (Alpine is VS Code's name for musl Linux). */
export function vsceTarget() {
  return `${musl ? 'alpine' : process.platform}-${process.arch}`;
}
