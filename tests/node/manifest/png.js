'use strict';
// Minimal PNG encoder (8-bit RGBA) and decoder (non-interlaced, bit depth 1-16, all colour types),
// enough to write the app icons and to check any icon a designer might drop in later.
const zlib = require('zlib');
const { crc32 } = require('./crc32');

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** @param {number} width @param {number} height @param {Uint8Array} rgba width*height*4 bytes */
function encodePng(width, height, rgba) {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // deflate, adaptive filtering, no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: None
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  const idat = zlib.deflateSync(raw, { level: 9 });
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Decodes a PNG into 8-bit RGBA. Throws with a readable message on anything malformed.
 * @returns {{width:number,height:number,bitDepth:number,colorType:number,rgba:Uint8Array}}
 */
function decodePng(buf) {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file (bad signature)');
  let pos = 8;
  let header = null;
  let palette = null;
  let trns = null;
  const idat = [];
  let sawEnd = false;
  while (pos + 12 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + len > buf.length) throw new Error(`truncated ${type} chunk`);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    const crc = buf.readUInt32BE(pos + 8 + len);
    if (crc32(buf.subarray(pos + 4, pos + 8 + len)) !== crc) throw new Error(`bad CRC in ${type} chunk`);
    if (type === 'IHDR') {
      header = {
        width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8], colorType: data[9],
        compression: data[10], filter: data[11], interlace: data[12],
      };
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') { sawEnd = true; break; }
    pos += 12 + len;
  }
  if (!header) throw new Error('missing IHDR chunk');
  if (!sawEnd) throw new Error('missing IEND chunk');
  const { width, height, bitDepth, colorType, interlace } = header;
  if (!(colorType in CHANNELS)) throw new Error(`unknown colour type ${colorType}`);
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported by this checker');
  if (colorType === 3 && !palette) throw new Error('palette image without PLTE chunk');
  const channels = CHANNELS[colorType];
  const bitsPerPixel = channels * bitDepth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  if (raw.length < (stride + 1) * height) throw new Error('image data is shorter than the header says');

  const out = new Uint8Array(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      switch (filter) {
        case 0: break;
        case 1: line[i] = (line[i] + a) & 0xff; break;
        case 2: line[i] = (line[i] + b) & 0xff; break;
        case 3: line[i] = (line[i] + ((a + b) >> 1)) & 0xff; break;
        case 4: line[i] = (line[i] + paeth(a, b, c)) & 0xff; break;
        default: throw new Error(`bad filter type ${filter} on row ${y}`);
      }
    }
    const sample = (x, ch) => {
      // returns the sample scaled to 0..255 (palette index unscaled)
      const index = x * channels + ch;
      if (bitDepth === 8) return line[index];
      if (bitDepth === 16) return line[index * 2];
      const perByte = 8 / bitDepth;
      const byte = line[Math.floor(index / perByte)];
      const shift = 8 - bitDepth * ((index % perByte) + 1);
      const v = (byte >> shift) & ((1 << bitDepth) - 1);
      return colorType === 3 ? v : Math.round((v * 255) / ((1 << bitDepth) - 1));
    };
    const raw16 = (x, ch) => (bitDepth === 16 ? line.readUInt16BE((x * channels + ch) * 2) : null);
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      let r, g, bl, al = 255;
      if (colorType === 0) {
        r = g = bl = sample(x, 0);
        if (trns && trns.length >= 2) {
          const key = trns.readUInt16BE(0);
          const v = bitDepth === 16 ? raw16(x, 0) : bitDepth === 8 ? line[x] : Math.round((r * ((1 << bitDepth) - 1)) / 255);
          if (v === key) al = 0;
        }
      } else if (colorType === 2) {
        r = sample(x, 0); g = sample(x, 1); bl = sample(x, 2);
        if (trns && trns.length >= 6) {
          const k = [trns.readUInt16BE(0), trns.readUInt16BE(2), trns.readUInt16BE(4)];
          const v = bitDepth === 16 ? [raw16(x, 0), raw16(x, 1), raw16(x, 2)] : [r, g, bl];
          if (v[0] === k[0] && v[1] === k[1] && v[2] === k[2]) al = 0;
        }
      } else if (colorType === 3) {
        const idx = sample(x, 0);
        if (idx * 3 + 2 >= palette.length) throw new Error(`palette index ${idx} out of range`);
        r = palette[idx * 3]; g = palette[idx * 3 + 1]; bl = palette[idx * 3 + 2];
        if (trns && idx < trns.length) al = trns[idx];
      } else if (colorType === 4) {
        r = g = bl = sample(x, 0); al = sample(x, 1);
      } else {
        r = sample(x, 0); g = sample(x, 1); bl = sample(x, 2); al = sample(x, 3);
      }
      out[o] = r; out[o + 1] = g; out[o + 2] = bl; out[o + 3] = al;
    }
    prev = line;
  }
  return { width, height, bitDepth, colorType, rgba: out };
}

module.exports = { encodePng, decodePng };
