/**
 * About as many characters as a notification shows before it cuts its text at the default window
 * width: a cold try saw "… Kept for t…" after about 110.
 */
export const TOAST_CHARACTERS = 110;

/**
 * A notification's text that fits TOAST_CHARACTERS: `head`, then as many of `parts` as fit (joined
 * by "; ", with "; …" in place of the rest; the first is always kept) and a full stop, then `tail`
 * only if it fits too.
 */
export function toastText(head: string, parts: readonly string[], tail = ''): string {
  let shown = `${head}${parts[0] ?? ''}`;
  let kept = Math.min(1, parts.length);
  // room for the ending: "; …" while parts remain after this one, else "."
  const fits = (next: number) => `${shown}; ${parts[next]}`.length + (next + 1 < parts.length ? 3 : 1) <= TOAST_CHARACTERS;
  for (; kept < parts.length && fits(kept); kept++) shown = `${shown}; ${parts[kept]}`;
  shown += kept < parts.length ? '; …' : '.';
  return tail !== '' && `${shown} ${tail}`.length <= TOAST_CHARACTERS ? `${shown} ${tail}` : shown;
}
