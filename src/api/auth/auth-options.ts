/**
 * How the service checks who is calling. `none` exists for one person on their own machine:
 * serve only accepts it bound to loopback, and the app then also insists that requests name a
 * loopback host, so a web page elsewhere cannot reach it through DNS rebinding.
 */
export type AuthOptions =
  | {
      mode: 'tokens';
      /** HMAC key of session cookies (32+ bytes). */
      sessionSecret: Buffer;
      sessionTtlMs: number;
      /** Sign-in attempts per address and minute. */
      signInMaxPerMinute?: number;
    }
  | { mode: 'none'; csrfToken: string };
