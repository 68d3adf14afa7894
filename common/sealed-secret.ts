import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A database password on its way from the editor to the language server. The client makes a key
 * when it starts the server and hands it over in the server's environment (which the server
 * clears at once); requests carry the password sealed with it (AES-256-GCM), so a trace of the
 * messages (`parity.trace.server`) or a log of a request shows no password. Node only: the
 * webview's tsconfig leaves this file out.
 */
export const SEAL_KEY_VARIABLE = 'PARITY_SEAL_KEY';

export function newSealKey(): string {
  return randomBytes(32).toString('base64');
}

export function seal(secret: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64')).join('.');
}

/** The secret, or undefined when it was not sealed with this key (another session's, or altered). */
export function unseal(sealed: string, key: string): string | undefined {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !data) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
