/**
 * The password policy as the api applies it (POST /api/auth/password), checked here first so most
 * mistakes are caught before sending: at least 10 characters, not containing the username, not the
 * current password, and typed twice the same. The api also refuses common passwords; that (and
 * anything else it refuses) comes back as a field error and is shown on the same field.
 */
export const MIN_PASSWORD_LENGTH = 10;

export type PasswordProblem = 'required' | 'tooShort' | 'containsUsername' | 'sameAsCurrent' | 'mismatch';

export interface PasswordDraft {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** Problems per field (currentPassword, newPassword, repeat); empty when the draft may be sent. */
export function passwordProblems(username: string, d: PasswordDraft): Partial<Record<keyof PasswordDraft, PasswordProblem>> {
  const out: Partial<Record<keyof PasswordDraft, PasswordProblem>> = {};
  if (!d.currentPassword) out.currentPassword = 'required';
  const next = d.newPassword;
  const name = username.trim().toLowerCase();
  if (!next) out.newPassword = 'required';
  else if ([...next].length < MIN_PASSWORD_LENGTH) out.newPassword = 'tooShort';
  else if (name && next.toLowerCase().includes(name)) out.newPassword = 'containsUsername';
  else if (d.currentPassword && next === d.currentPassword) out.newPassword = 'sameAsCurrent';
  if (!d.repeat) out.repeat = 'required';
  else if (next && d.repeat !== next) out.repeat = 'mismatch';
  return out;
}
