// @ts-check
/**
 * The mobilToken helper of the login forms (`MobilTokenField`): fills in the code the user's
 * mobilToken app shows now, from `GET /_sim/mobiltoken/{username}` (the simulator's stand-in for
 * the phone). Without a username it asks for one (and focuses the username field) instead of
 * calling; its message is cleared once the code is filled in or either field is edited.
 */
import { control, Problem } from './core/api.js';
import { byId } from './core/dom.js';
import { problemLine } from './core/errors.js';
import { t } from './core/labels.js';

/**
 * Wire the helper of a mobilToken field.
 * @param {string} codeId id of the code input (`MobilTokenField`'s id)
 * @param {string | (() => string)} usernameOf id of the username input the code is for, or the
 *   username itself (a logged-in session's user)
 */
export function wireMobilTokenHelper(codeId, usernameOf) {
  const code = /** @type {HTMLInputElement} */ (byId(codeId));
  const username = typeof usernameOf === 'string' ? /** @type {HTMLInputElement} */ (byId(usernameOf)) : null;
  const line = byId(`${codeId}-helper-status`);
  const button = /** @type {HTMLButtonElement} */ (byId(`${codeId}-helper`));
  const say = (/** @type {string} */ text, /** @type {boolean} */ problem) => {
    line.textContent = text;
    line.classList.toggle('field-error', problem);
  };
  const clearLine = () => say('', false);
  code.addEventListener('input', clearLine);
  username?.addEventListener('input', clearLine);
  button.addEventListener('click', async () => {
    const name = typeof usernameOf === 'string' ? (username?.value ?? '').trim() : usernameOf();
    if (name === '') {
      say(t('mobiltoken.needUsername'), true);
      username?.focus();
      return;
    }
    try {
      const current = await control(`/mobiltoken/${encodeURIComponent(name)}`);
      code.value = current.mobilTokenCode;
      say(t('mobiltoken.filled', { username: current.username, seconds: current.secondsLeft }), false);
    } catch (err) {
      say(err instanceof Problem ? problemLine(err) : String(err), true);
    }
  });
}
