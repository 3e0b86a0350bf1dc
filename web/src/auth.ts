// Signing in: an API key or a JWT, kept for this tab's session only and asked for only when the gateway says 401.
import { h } from './dom.js';

const KEY = 'timpush.credential';

interface Credential {
  kind: 'apiKey' | 'jwt';
  value: string;
}

function stored(): Credential | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Credential | null;
    return value && (value.kind === 'apiKey' || value.kind === 'jwt') && typeof value.value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The headers that carry the credential, if one was given. */
export function authHeaders(): Record<string, string> {
  const credential = stored();
  if (!credential) return {};
  return credential.kind === 'apiKey'
    ? { 'x-api-key': credential.value }
    : { authorization: `Bearer ${credential.value}` };
}

export const signedIn = (): boolean => stored() !== null;

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

let pending: Promise<boolean> | undefined;

/**
 * Asks for a credential in a modal dialog; true once one is given, false if the person cancels. Requests that
 * meet a 401 at the same time share one dialog.
 */
export function signIn(reason: string): Promise<boolean> {
  pending ??= ask(reason).finally(() => (pending = undefined));
  return pending;
}

function ask(reason: string): Promise<boolean> {
  return new Promise((resolve) => {
    const value = h('input', {
      id: 'credential',
      name: 'credential',
      type: 'password',
      required: true,
      autocomplete: 'off',
    });
    const kind = h(
      'select',
      { id: 'credential-kind', name: 'kind' },
      h('option', { value: 'apiKey' }, 'API key'),
      h('option', { value: 'jwt' }, 'JWT (bearer token)'),
    );
    const dialog = h(
      'dialog',
      { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'sign-in-title' }, 'Sign in to the gateway'),
        h('p', null, reason),
        h('label', { for: 'credential-kind' }, 'Credential'),
        kind,
        h('label', { for: 'credential' }, 'Key or token'),
        value,
        h('p', { class: 'hint' }, 'Kept in this tab only, until it is closed.'),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', value: 'ok', class: 'primary' }, 'Sign in'),
          h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel'),
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok' && value.value.trim() !== '';
      if (ok) sessionStorage.setItem(KEY, JSON.stringify({ kind: kind.value, value: value.value.trim() }));
      dialog.remove();
      resolve(ok);
    });
    document.body.append(dialog);
    dialog.showModal();
    value.focus();
  });
}
