// Node module hooks for the msw 3 check: `msw` and `msw/...` resolve to the `msw3` alias
// (npm:msw@^3), so the published handler module (dist/simulator/msw/index.js) runs on msw 3
// without being changed or rebuilt.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'msw' || specifier.startsWith('msw/')) return nextResolve(`msw3${specifier.slice(3)}`, context);
  return nextResolve(specifier, context);
}
