/**
 * createFetchHandler: the AWS JSON 1.1 protocol as a WHATWG fetch handler, the one request path of
 * the Node endpoint and of any fetch runtime.
 */
import { describe, expect, it } from "vitest";
import { createFetchHandler } from "../../../src/aws/index.js";
import { createTestKms } from "../../support/create-test-kms.js";

const call = (target: string | undefined, body: string, init: { method?: string; path?: string; headers?: Record<string, string> } = {}) =>
  new Request(`http://127.0.0.1:4599${init.path ?? "/"}`, {
    method: init.method ?? "POST",
    headers: { "content-type": "application/x-amz-json-1.1", ...(target ? { "x-amz-target": `TrentService.${target}` } : {}), ...init.headers },
    ...(init.method === "GET" ? {} : { body }),
  });

describe("createFetchHandler", () => {
  it("serves an operation and numbers its request ids", async () => {
    const { kms } = createTestKms();
    const handle = createFetchHandler(kms);
    const created = await handle(call("CreateKey", JSON.stringify({ Description: "fetch" })));
    expect([created.status, created.headers.get("content-type"), created.headers.get("x-amzn-requestid")]).toEqual([200, "application/x-amz-json-1.1", "kms-sim-1"]);
    const body = (await created.json()) as { KeyMetadata: { Description: string; CreationDate: number } };
    expect([body.KeyMetadata.Description, body.KeyMetadata.CreationDate]).toEqual(["fetch", 1767225600]);
    const listed = await handle(call("ListKeys", "{}"));
    expect(listed.headers.get("x-amzn-requestid")).toBe("kms-sim-2");
    expect(((await listed.json()) as { Keys: unknown[] }).Keys).toHaveLength(1);
  });

  it("answers AWS-shaped errors: unknown target, bad JSON, a refused operation", async () => {
    const { kms } = createTestKms();
    const handle = createFetchHandler(kms);
    const answers = [
      await handle(call("Nope", "{}")),
      await handle(call("ListKeys", "{not json")),
      await handle(call("DescribeKey", JSON.stringify({ KeyId: "alias/none" }))),
    ];
    expect(await Promise.all(answers.map(async (r) => [r.status, r.headers.get("x-amzn-errortype"), ((await r.json()) as { __type: string }).__type]))).toEqual([
      [400, "UnknownOperationException", "UnknownOperationException"],
      [400, "SerializationException", "SerializationException"],
      [400, "NotFoundException", "NotFoundException"],
    ]);
  });

  it("answers anything but POST / with 404 UnknownOperationException, and a body over the limit with 413", async () => {
    const { kms } = createTestKms();
    const handle = createFetchHandler(kms, { maxBodyBytes: 100 });
    const wrongPath = await handle(call("ListKeys", "{}", { path: "/other" }));
    const wrongMethod = await handle(call("ListKeys", "", { method: "GET" }));
    expect([wrongPath.status, wrongMethod.status]).toEqual([404, 404]);
    expect(((await wrongPath.json()) as { message: string }).message).toBe("KMS requests are POST / with an X-Amz-Target header.");
    const large = await handle(call("CreateKey", JSON.stringify({ Description: "x".repeat(200) })));
    expect([large.status, ((await large.json()) as { __type: string }).__type]).toEqual([413, "RequestEntityTooLargeException"]);
    expect((await kms.listKeys()).Keys).toEqual([]);
  });
});
