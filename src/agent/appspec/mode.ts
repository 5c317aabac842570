import { APPSPEC_MESSAGES } from './messages.ts';
import { fail, ok, type Checked } from './problems.ts';

/**
 * Checks a permission `mode` given as text: zero-padded to three digits, at most four, each an
 * octal digit (the fourth being setuid/setgid/sticky). Returns the padded text, e.g. "644" or
 * "0755". Callers pass the raw YAML source so that `mode: 0755` is "0755", not YAML 1.1's 493.
 */
export function checkMode(text: string): Checked<string> {
  const mode = text.padStart(3, '0');
  if (mode.length > 4) return fail(APPSPEC_MESSAGES.modeLength(mode));
  const bad = [...mode].find((c) => c < '0' || c > '7');
  if (bad !== undefined) return fail(APPSPEC_MESSAGES.modeCharacter(mode, bad));
  return ok(mode);
}
