// msw 3 declares Node.js >= 22.12; on this project's Node 20 the one thing it lacks is
// Promise.withResolvers (ES2024), added here only for this check.
import { register } from 'node:module';

if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
register('./hooks.mjs', import.meta.url);
