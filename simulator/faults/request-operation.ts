/**
 * The names a request's operation goes by, for matching fault rules: for SOAP, the Body's
 * request element (`IssuePrescriptionRequest`, also `IssuePrescription`), the last segment of its
 * action, and for WS-Trust the request type (`Issue`, `Validate`); for other requests, the path
 * below the service's mount (`/request-package`, also `request-package`).
 *
 * @example
 * ```ts
 * requestOperations('/services/erecept', '/services/erecept', soapText); // ['IssuePrescriptionRequest', 'IssuePrescription', ...]
 * ```
 */

const BODY_CHILD = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/;
const REQUEST_TYPE = /<(?:[\w.-]+:)?RequestType\b[^>]*>\s*[^<]*\/(Issue|Validate)\s*</;
const ACTION = /<(?:[\w.-]+:)?Action\b[^>]*>\s*([^<\s]+)\s*</;

/** Operation names of a request (`path` relative to the environment, `mount` of its service or ''). */
export function requestOperations(path: string, mount: string, body: string, headerAction?: string): string[] {
  const names = new Set<string>();
  const below = mount !== '' && path.startsWith(mount) ? path.slice(mount.length) : path;
  if (below !== '' && below !== '/') {
    names.add(below);
    names.add(below.replace(/^\//, ''));
  }
  const element = BODY_CHILD.exec(body)?.[1];
  if (element !== undefined) {
    names.add(element);
    if (element.endsWith('Request') && element !== 'Request') names.add(element.slice(0, -'Request'.length));
  }
  const requestType = REQUEST_TYPE.exec(body)?.[1];
  if (requestType !== undefined) names.add(requestType);
  const action = ACTION.exec(body)?.[1] ?? headerAction;
  const last = action?.split(/[/#:]/).filter((s) => s !== '').at(-1);
  if (last !== undefined) names.add(last);
  return [...names];
}
