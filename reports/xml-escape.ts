/**
 * Escaping for XML and HTML text and attributes, and removal of characters XML 1.0 forbids (a
 * report may quote anything a HIS sent).
 *
 * @example
 * ```ts
 * escapeMarkup('<a & "b">'); // '&lt;a &amp; &quot;b&quot;&gt;'
 * ```
 */

/** Escape text for XML/HTML content and double-quoted attributes. */
export function escapeMarkup(text: string): string {
  return stripInvalidXmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Remove characters that XML 1.0 does not allow. */
export function stripInvalidXmlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}
