/**
 * `kms-sim/aws`: the AWS KMS wire protocol (JSON 1.1), portable. `createRequestHandler` plugs a
 * kms-sim `Kms` into `@aws-sdk/client-kms`; `handleAwsJsonRequest` serves raw requests (the Node
 * endpoint in `kms-sim/node` is built on it).
 *
 * @module kms-sim/aws
 */
export { createRequestHandler, type KmsRequestHandler, type SdkHttpRequest, type SdkHttpResponse } from "./request-handler.js";
export { AWS_JSON_CONTENT_TYPE, handleAwsJsonRequest, type AwsJsonRequest, type AwsJsonResponse } from "./protocol.js";
