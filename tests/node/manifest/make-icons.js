#!/usr/bin/env node
'use strict';
// Draws the ConsultBot app icons: two overlapping speech bubbles (programme red behind, blue in
// front, with three "typing" dots), rasterised with 8x8 supersampling and written as PNGs.
//   node tests/node/manifest/make-icons.js [outDir]     (default: manifest/)
// color.png   192x192, full colour on white
// outline.png 32x32, white on a fully transparent background (Teams requirement)
const fs = require('fs');
const path = require('path');
const { encodePng } = require('./png');

const BLUE = [0x1b, 0x4f, 0x9c];
const RED = [0xd7, 0x26, 0x3d];
const WHITE = [0xff, 0xff, 0xff];

// ---- geometry in a unit square (signed distance: < 0 inside) ----
function sdRoundRect(x, y, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r, hy = (y1 - y0) / 2 - r;
  const dx = Math.abs(x - cx) - hx, dy = Math.abs(y - cy) - hy;
  const ox = Math.max(dx, 0), oy = Math.max(dy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(dx, dy), 0) - r;
}
function sdSegment(x, y, ax, ay, bx, by) {
  const px = x - ax, py = y - ay, ex = bx - ax, ey = by - ay;
  const t = Math.max(0, Math.min(1, (px * ex + py * ey) / (ex * ex + ey * ey)));
  return Math.hypot(px - ex * t, py - ey * t);
}
function sdTriangle(x, y, pts) {
  let d = Infinity;
  let sign = 0;
  for (let i = 0; i < 3; i++) {
    const [ax, ay] = pts[i], [bx, by] = pts[(i + 1) % 3];
    d = Math.min(d, sdSegment(x, y, ax, ay, bx, by));
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    sign += cross > 0 ? 1 : cross < 0 ? -1 : 0;
  }
  return Math.abs(sign) === 3 ? -d : d;
}
const sdCircle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;

const backBubble = (x, y) => Math.min(
  sdRoundRect(x, y, 0.10, 0.14, 0.60, 0.52, 0.11),
  sdTriangle(x, y, [[0.17, 0.44], [0.33, 0.44], [0.12, 0.65]]));
const frontBubble = (x, y) => Math.min(
  sdRoundRect(x, y, 0.36, 0.36, 0.90, 0.76, 0.11),
  sdTriangle(x, y, [[0.67, 0.70], [0.83, 0.70], [0.87, 0.91]]));
const dots = (x, y) => Math.min(
  sdCircle(x, y, 0.50, 0.56, 0.045), sdCircle(x, y, 0.63, 0.56, 0.045), sdCircle(x, y, 0.76, 0.56, 0.045));

/** What a point of the mark is: 'dot' | 'front' | 'gap' | 'back' | null (background). */
function classify(x, y, gap) {
  const f = frontBubble(x, y);
  if (f < 0) return dots(x, y) < 0 ? 'dot' : 'front';
  if (f < gap) return backBubble(x, y) < 0 ? 'gap' : null;
  return backBubble(x, y) < 0 ? 'back' : null;
}

/** Renders size x size pixels; unit point (0.5, 0.52) lands on the centre, `scale` px per unit. */
function render(size, scale, gap, paint) {
  const rgba = new Uint8Array(size * size * 4);
  const N = 8;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < N; sy++) {
        for (let sx = 0; sx < N; sx++) {
          const x = 0.5 + (px + (sx + 0.5) / N - size / 2) / scale;
          const y = 0.52 + (py + (sy + 0.5) / N - size / 2) / scale;
          const [cr, cg, cb, ca] = paint(classify(x, y, gap));
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const o = (py * size + px) * 4;
      const alpha = a / (N * N);
      // colour is the alpha-weighted mean; fully transparent pixels are stored as white
      rgba[o] = a ? Math.round(r / a) : 255;
      rgba[o + 1] = a ? Math.round(g / a) : 255;
      rgba[o + 2] = a ? Math.round(b / a) : 255;
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

function colorIcon() {
  const fill = { dot: WHITE, front: BLUE, gap: WHITE, back: RED };
  return encodePng(192, 192, render(192, 150, 0.035, (k) => [...(fill[k] || WHITE), 1]));
}

function outlineIcon() {
  // white where the mark is; the gap between the bubbles and the dots stay transparent
  return encodePng(32, 32, render(32, 35, 0.05, (k) => (k === 'front' || k === 'back' ? [...WHITE, 1] : [...WHITE, 0])));
}

function main() {
  const outDir = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', '..', 'manifest'));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'color.png'), colorIcon());
  fs.writeFileSync(path.join(outDir, 'outline.png'), outlineIcon());
  console.log(`wrote ${path.join(outDir, 'color.png')} (192x192) and ${path.join(outDir, 'outline.png')} (32x32)`);
}

if (require.main === module) main();
module.exports = { colorIcon, outlineIcon };
