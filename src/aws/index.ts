/**
 * `kms-sim/aws`: the AWS KMS wire protocol (JSON 1.1), portable. `createRequestHandler` plugs a
 * kms-sim `Kms` into `@aws-sdk/client-kms`; `createFetchHandler` serves it as a WHATWG fetch handler
 * (the Node endpoint in `kms-sim/node` is built on it); `handleAwsJsonRequest` serves raw requests.
 *
 * @module kms-sim/aws
 */
export { createRequestHandler, type KmsRequestHandler, type SdkHttpRequest, type SdkHttpResponse } from "./request-handler.js";
export { createFetchHandler, DEFAULT_MAX_BODY_BYTES, type FetchHandler, type FetchHandlerOptions } from "./fetch-handler.js";
export { AWS_JSON_CONTENT_TYPE, callerOf, handleAwsJsonRequest, type AwsAuthOptions, type AwsJsonRequest, type AwsJsonResponse } from "./protocol.js";
