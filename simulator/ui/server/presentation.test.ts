import { describe, expect, it } from 'vitest';
import { PRESENTATION_COOKIE, resolvePresentation } from './presentation.js';

describe('presentation mode', () => {
  it('is chosen by ?presentation=1|0, remembered in a cookie, and off by default', () => {
    expect(resolvePresentation(undefined, undefined)).toEqual({ on: false, setCookie: undefined });
    expect(resolvePresentation('1', undefined)).toEqual({ on: true, setCookie: `${PRESENTATION_COOKIE}=1; Path=/; SameSite=Lax; Max-Age=31536000` });
    expect(resolvePresentation('0', `${PRESENTATION_COOKIE}=1`)).toMatchObject({ on: false, setCookie: expect.stringContaining(`${PRESENTATION_COOKIE}=0;`) });
    expect(resolvePresentation(undefined, `eeszt-sim-ui-lang=en; ${PRESENTATION_COOKIE}=1`)).toEqual({ on: true, setCookie: undefined });
    expect(resolvePresentation('yes', `${PRESENTATION_COOKIE}=0`)).toEqual({ on: false, setCookie: undefined });
  });
});
