// The endpoint benchmark's baseline: a bare node:http server that reads the request body, parses
// it as JSON and answers with a canned Encrypt response. What kms-sim's endpoint does on top of
// this (validation, base64, the KMS operation, the response) is what the ratio measures.
import { createServer } from "node:http";

const canned = process.argv[2] ?? "{}";
const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    JSON.parse(Buffer.concat(chunks).toString("utf8"));
    response.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": String(Buffer.byteLength(canned)) });
    response.end(canned);
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
