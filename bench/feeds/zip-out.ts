import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";

/**
 * A zip written member by member to disk, with a zip64 end record when it holds more than 65,535
 * members (OSV's npm export does, and so does ours). Offsets stay below 4 GiB, so only the counts
 * need zip64; the reader in src/formats/zip.ts handles both forms.
 */
export class ZipOut {
  private readonly fd: number;
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "w");
  }

  add(name: string, text: string): void {
    const data = Buffer.from(text, "utf8");
    const body = deflateRawSync(data);
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(this.offset, 42);
    writeSync(this.fd, Buffer.concat([local, nameBytes, body]));
    this.central.push(central, nameBytes);
    this.offset += local.length + nameBytes.length + body.length;
    this.count += 1;
  }

  /** Writes the central directory and end records; answers the file size. */
  close(): number {
    const dir = Buffer.concat(this.central);
    const dirAt = this.offset;
    writeSync(this.fd, dir);
    const tail: Buffer[] = [];
    const many = this.count > 0xffff;
    if (many) {
      const z64 = Buffer.alloc(56);
      z64.writeUInt32LE(0x06064b50, 0);
      z64.writeBigUInt64LE(44n, 4);
      z64.writeUInt16LE(45, 12);
      z64.writeUInt16LE(45, 14);
      z64.writeBigUInt64LE(BigInt(this.count), 24);
      z64.writeBigUInt64LE(BigInt(this.count), 32);
      z64.writeBigUInt64LE(BigInt(dir.length), 40);
      z64.writeBigUInt64LE(BigInt(dirAt), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(dirAt + dir.length), 8);
      locator.writeUInt32LE(1, 16);
      tail.push(z64, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(many ? 0xffff : this.count, 8);
    end.writeUInt16LE(many ? 0xffff : this.count, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(dirAt, 16);
    tail.push(end);
    writeSync(this.fd, Buffer.concat(tail));
    closeSync(this.fd);
    return dirAt + dir.length + tail.reduce((n, b) => n + b.length, 0);
  }
}
