#!/usr/bin/env node
// The install icons of the web app manifests (public/icons/), drawn from the
// shapes of public/favicon.svg (a blue rounded square with a white T): 192
// and 512 px, and the same two as maskable icons (a full-bleed square whose
// T stays inside the safe circle, 80 % of the size). No dependency: a small
// rasteriser (4 × 4 samples a pixel) and a PNG writer. The PNGs are
// committed; run this again only if the favicon changes:
//
//   node src/styles/icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'public', 'icons');
const BLUE = [0x00, 0x66, 0xcc];
// In the favicon's 32-unit box: the T's bar and stem.
const T = [[8, 9, 24, 12], [14.5, 12, 17.5, 24]];

function inRounded(x, y, r) {
  const cx = Math.min(Math.max(x, r), 32 - r);
  const cy = Math.min(Math.max(y, r), 32 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const inT = (x, y) => T.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1);

/** RGBA pixels of the icon at `size`; `maskable`: square, no transparency. */
function draw(size, maskable) {
  const pixels = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let white = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = ((px + (sx + 0.5) / n) * 32) / size;
          const y = ((py + (sy + 0.5) / n) * 32) / size;
          if (maskable || inRounded(x, y, 6)) {
            if (inT(x, y)) white++;
            else bg++;
          }
        }
      }
      const covered = bg + white;
      const i = (py * size + px) * 4;
      if (covered === 0) continue;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round((BLUE[c] * bg + 255 * white) / covered);
      pixels[i + 3] = Math.round((255 * covered) / (n * n));
    }
  }
  return pixels;
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

fs.mkdirSync(out, { recursive: true });
for (const size of [192, 512]) {
  for (const [name, maskable] of [['icon', false], ['maskable', true]]) {
    const file = path.join(out, `${name}-${size}.png`);
    fs.writeFileSync(file, png(size, draw(size, maskable)));
    process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
  }
}
