// Draws resources/icon.png (512×512): three pipeline nodes joined by edges on a rounded square.
// A hand-written PNG encoder (zlib + CRC-32), so no image library is needed. Run: node resources/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const px = new Float32Array(SIZE * SIZE * 4);

const clamp = (v) => Math.max(0, Math.min(1, v));
const mix = (a, b, t) => a + (b - a) * t;

function roundedBox(x, y, cx, cy, half, r) {
  const qx = Math.abs(x - cx) - half + r;
  const qy = Math.abs(y - cy) - half + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function segment(x, y, ax, ay, bx, by) {
  const [px_, py_, vx, vy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = clamp((px_ * vx + py_ * vy) / (vx * vx + vy * vy));
  return Math.hypot(px_ - vx * t, py_ - vy * t);
}
// "Over" compositing on straight (not premultiplied) alpha, as PNG stores it.
function blend(i, rgb, alpha) {
  const below = px[i + 3] * (1 - alpha);
  const out = alpha + below;
  if (out === 0) return;
  for (let c = 0; c < 3; c++) px[i + c] = (rgb[c] * alpha + px[i + c] * below) / out;
  px[i + 3] = out;
}

const nodes = [
  [160, 150],
  [352, 150],
  [256, 362],
];
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const i = (y * SIZE + x) * 4;
    const t = (x + y) / (2 * SIZE);
    const bg = [mix(0.27, 0.12, t), mix(0.35, 0.6, t), mix(0.95, 0.85, t)];
    blend(i, bg, clamp(0.5 - roundedBox(x + 0.5, y + 0.5, 256, 256, 240, 96)));
    const edge = Math.min(segment(x, y, ...nodes[0], ...nodes[2]), segment(x, y, ...nodes[1], ...nodes[2]));
    blend(i, [1, 1, 1], clamp(0.5 - (edge - 14)) * 0.9);
    for (const [k, [cx, cy]] of nodes.entries()) {
      const d = Math.hypot(x - cx, y - cy);
      blend(i, [1, 1, 1], clamp(0.5 - (d - 52)));
      blend(i, k === 2 ? [0.98, 0.62, 0.2] : [0.2, 0.3, 0.8], clamp(0.5 - (d - 30)));
    }
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE * 4; x++) {
    const v = px[y * SIZE * 4 + x];
    raw[y * (SIZE * 4 + 1) + 1 + x] = Math.round(clamp(v) * 255);
  }
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`wrote resources/icon.png (${png.length} bytes)`);
