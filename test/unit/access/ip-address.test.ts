import { describe, expect, it } from "vitest";
import { cidrContains, parseCidr, parseIpAddress } from "../../../src/access/ip-address.js";

describe("parseIpAddress", () => {
  it.each([
    ["192.0.2.1", [192, 0, 2, 1]],
    ["::1", [...new Array(15).fill(0), 1]],
    ["2001:db8::8a2e:370:7334", [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34]],
    ["::ffff:192.0.2.1", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]],
    ["1:2:3:4:5:6:7:8", [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
  ])("reads %s", (text, bytes) => {
    expect([...(parseIpAddress(text) ?? [])]).toEqual(bytes);
  });

  it.each(["256.0.0.1", "1.2.3", "01.2.3.4", "1:2:3:4:5:6:7", "1::2::3", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3", "g::1", "", ":"])("refuses %j", (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});

describe("parseCidr and cidrContains", () => {
  it("reads a bare address as /32 or /128 and refuses an overlong prefix", () => {
    expect(parseCidr("192.0.2.1")?.prefix).toBe(32);
    expect(parseCidr("2001:db8::1")?.prefix).toBe(128);
    expect(parseCidr("192.0.2.0/33")).toBeUndefined();
    expect(parseCidr("192.0.2.0/x")).toBeUndefined();
  });

  it.each([
    ["192.0.2.0/24", "192.0.2.255", true],
    ["192.0.2.0/24", "192.0.3.0", false],
    ["192.0.2.128/25", "192.0.2.127", false],
    ["192.0.2.128/25", "192.0.2.128", true],
    ["10.0.0.0/7", "11.255.255.255", true],
    ["10.0.0.0/7", "12.0.0.0", false],
    ["0.0.0.0/0", "255.255.255.255", true],
    ["2001:db8::/33", "2001:db8:7fff::1", true],
    ["2001:db8::/33", "2001:db8:8000::1", false],
    ["::/0", "192.0.2.1", false],
  ])("%s contains %s: %s", (cidr, ip, expected) => {
    const block = parseCidr(cidr);
    const address = parseIpAddress(ip);
    if (!block || !address) throw new Error("bad fixture");
    expect(cidrContains(block, address)).toBe(expected);
  });
});
