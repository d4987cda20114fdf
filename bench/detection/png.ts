/**
 * A tiny RGB raster with filled rectangles and a 5×7 bitmap font, encoded as PNG with node:zlib
 * (IHDR, one IDAT of filter-0 scanlines, IEND; CRC-32 per chunk). No native dependencies.
 */
import { deflateSync } from 'node:zlib';

// 5×7 glyphs: seven rows, two hex digits each (bit 4 = leftmost pixel). Lowercase draws as uppercase.
const FONT: Record<string, string> = {
  A: '0e11111f111111', B: '1e11111e11111e', C: '0e11101010110e', D: '1e11111111111e', E: '1f10101e10101f',
  F: '1f10101e101010', G: '0e11101711110f', H: '1111111f111111', I: '0e04040404040e',
  J: '0702020202120c', K: '11121418141211', L: '1010101010101f', M: '111b1515111111', N: '11111915131111',
  O: '0e11111111110e', P: '1e11111e101010', Q: '0e11111115120d', R: '1e11111e141211', S: '0f10100e01011e',
  T: '1f040404040404', U: '1111111111110e', V: '11111111110a04', W: '1111111515150a',
  X: '11110a040a1111', Y: '1111110a040404', Z: '1f01020408101f', '0': '0e11131519110e',
  '1': '040c040404040e', '2': '0e11010204081f', '3': '1f02040201110e', '4': '02060a121f0202',
  '5': '1f101e0101110e', '6': '0608101e11110e', '7': '1f010204080808', '8': '0e11110e11110e', '9': '0e11110f01020c',
  '-': '0000001f000000', '.': '00000000000c0c', ' ': '00000000000000', '(': '02040808080402', ')': '08040202020408',
  '/': '01010204081010', '%': '18190204081303', ':': '000c0c000c0c00', '=': '00001f001f0000', '<': '02040810080402',
  '>': '08040201020408', '+': '0004041f040400', ',': '00000000000c08', "'": '0c0c0800000000',
};

export type Rgb = [number, number, number];

export class Raster {
  private readonly px: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255],
  ) {
    this.px = new Uint8Array(width * height * 3);
    this.rect(0, 0, width, height, background);
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let j = Math.max(0, Math.round(y)); j < Math.min(this.height, Math.round(y + h)); j++) {
      for (let i = Math.max(0, Math.round(x)); i < Math.min(this.width, Math.round(x + w)); i++) this.px.set(c, (j * this.width + i) * 3);
    }
  }

  /** Draws text with its top-left corner at (x, y); `scale` pixels per font pixel. Returns the width. */
  text(x: number, y: number, s: string, c: Rgb = [0, 0, 0], scale = 2): number {
    let cx = x;
    for (const ch of s.toUpperCase()) {
      const glyph = FONT[ch] ?? FONT[' ']!;
      for (let row = 0; row < 7; row++) {
        const bits = parseInt(glyph.slice(row * 2, row * 2 + 2), 16);
        for (let col = 0; col < 5; col++) if (bits & (0x10 >> col)) this.rect(cx + col * scale, y + row * scale, scale, scale, c);
      }
      cx += 6 * scale;
    }
    return cx - x;
  }

  /** Width `text` would take. */
  static textWidth(s: string, scale = 2): number {
    return s.length * 6 * scale;
  }

  png(): Buffer {
    const raw = Buffer.alloc((this.width * 3 + 1) * this.height);
    for (let j = 0; j < this.height; j++) {
      raw[j * (this.width * 3 + 1)] = 0;
      Buffer.from(this.px.buffer, j * this.width * 3, this.width * 3).copy(raw, j * (this.width * 3 + 1) + 1);
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.width, 0);
    ihdr.writeUInt32BE(this.height, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method extras, no interlace
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
