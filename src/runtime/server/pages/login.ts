import { html, page } from './html.js';

/** `/login`: trade the server token for an HttpOnly, SameSite=Strict cookie. */
export function loginPage(tokenConfigured: boolean, notice?: string): string {
  if (!tokenConfigured) return page('Sign in', html`<p class="empty">No <code>server.authToken</code> is configured: there is nothing to sign in with.</p>`);
  return page(
    'Sign in',
    html`${notice ? html`<p class="warning">${notice}</p>` : ''}<form method="post" action="/login"><label>server token <input type="password" name="token" autocomplete="current-password" required></label> <button>sign in</button></form>`,
  );
}
