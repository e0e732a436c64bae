/** What the console checks before an upload (the api checks again, by the file's bytes). */

/** The `accept` of the file input: the four types, and .ofd (browsers know no MIME type for it). */
export const ATTACHMENT_ACCEPT = 'application/pdf,image/jpeg,image/png,.ofd';

const ACCEPTED_MIME = new Set(['application/pdf', 'image/jpeg', 'image/png', 'application/ofd']);
const ACCEPTED_EXTENSION = /\.(pdf|jpe?g|png|ofd)$/i;

/** "1.5 MB", "320 KB", "900 B": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(Math.round((bytes / 1024 / 1024) * 10) / 10).toString()} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export type FileProblem = { key: 'attachments.tooLarge' | 'attachments.wrongType'; vars: Record<string, string> };

/** Why this file would be refused, or null: too large, or neither the type nor the extension is one of the four. */
export function fileProblem(file: { name: string; size: number; type: string }, maxBytes: number): FileProblem | null {
  if (!ACCEPTED_MIME.has(file.type) && !ACCEPTED_EXTENSION.test(file.name)) {
    return { key: 'attachments.wrongType', vars: { name: file.name } };
  }
  if (file.size > maxBytes) return { key: 'attachments.tooLarge', vars: { name: file.name, size: formatBytes(file.size), max: formatBytes(maxBytes) } };
  return null;
}
