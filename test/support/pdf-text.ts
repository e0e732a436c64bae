/**
 * The text of a PDF that Chromium printed (Skia/PDF), page by page and line by line, so a browser
 * test can read what a printed form says. Enough PDF for Skia's output, not a general parser:
 * Flate streams, fonts with ToUnicode CMaps (Type0 and Type3), and the text operators BT/ET, Tf,
 * Tm, Td/TD, Tj/TJ with hex strings. Runs are placed by their text position and read top to
 * bottom, left to right (Skia draws CJK and Latin runs of one line in separate BT blocks).
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const from = re.lastIndex;
    const endobj = s.indexOf('endobj', from);
    const streamAt = s.slice(from, endobj).search(/stream\r?\n/);
    if (streamAt < 0) {
      out.set(Number(m[1]), { dict: s.slice(from, endobj) });
      continue;
    }
    // A stream's bytes may contain anything, "endobj" too: its /Length says where it ends.
    const dict = s.slice(from, from + streamAt);
    const start = s.indexOf('\n', from + streamAt) + 1;
    const length = /\/Length (\d+)(?!\s+0 R)/.exec(dict);
    const stop = length ? start + Number(length[1]) : s.indexOf('endstream', start);
    const raw = Buffer.from(s.slice(start, stop), 'latin1');
    out.set(Number(m[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
    re.lastIndex = s.indexOf('endobj', stop);
  }
  return out;
}

const utf16 = (hex: string) => {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
};

/** A ToUnicode CMap: bytes per code and code → text. */
function cmap(text: string): { width: number; map: Map<number, string> } {
  const space = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(text);
  const width = space ? space[1].length / 2 : 2;
  const map = new Map<number, string>();
  for (const block of text.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? []) {
    for (const m of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1], 16), utf16(m[2]));
  }
  for (const block of text.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
    for (const m of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      if (m[3].startsWith('[')) {
        const list = [...m[3].matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => utf16(x[1]));
        list.forEach((t, i) => map.set(lo + i, t));
      } else {
        const base = m[3].slice(1, -1);
        const first = parseInt(base.slice(-4), 16);
        for (let c = lo; c <= hi; c++) map.set(c, utf16(base.slice(0, -4)) + String.fromCharCode(first + (c - lo)));
      }
    }
  }
  return { width, map };
}

const refs = (text: string) => [...text.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));

function pageOrder(objs: Map<number, PdfObject>): number[] {
  const root = [...objs.entries()].find(([, o]) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent/.test(o.dict));
  const walk = (id: number): number[] => {
    const o = objs.get(id);
    if (!o) return [];
    if (/\/Type\s*\/Pages\b/.test(o.dict)) return refs(/\/Kids\s*\[([^\]]*)\]/.exec(o.dict)?.[1] ?? '').flatMap(walk);
    return [id];
  };
  return root ? walk(root[0]) : [];
}

/** Each page's text, lines separated by \n. */
export function pdfText(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const cmaps = new Map<number, ReturnType<typeof cmap>>();
  const fontMap = (id: number) => {
    if (!cmaps.has(id)) {
      const tu = /\/ToUnicode\s+(\d+) 0 R/.exec(objs.get(id)?.dict ?? '');
      const stream = tu ? objs.get(Number(tu[1]))?.stream : undefined;
      cmaps.set(id, stream ? cmap(stream.toString('latin1')) : { width: 1, map: new Map() });
    }
    return cmaps.get(id)!;
  };
  return pageOrder(objs).map((pageId) => {
    const dict = objs.get(pageId)!.dict;
    const fonts = new Map<string, number>();
    for (const m of (/\/Font\s*<<([\s\S]*?)>>/.exec(dict)?.[1] ?? '').matchAll(/\/(\S+?)\s+(\d+) 0 R/g)) fonts.set(m[1], Number(m[2]));
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(dict)?.[1] ?? '';
    const runs: Array<{ x: number; y: number; text: string }> = [];
    for (const cid of refs(contents)) {
      const content = objs.get(cid)?.stream?.toString('latin1') ?? '';
      let font: ReturnType<typeof cmap> | undefined;
      let a = 1, d = 1, x = 0, y = 0;
      const operands: string[] = [];
      const decode = (hex: string) => {
        if (!font) return '';
        let out = '';
        const step = font.width * 2;
        for (let i = 0; i + step <= hex.length; i += step) out += font.map.get(parseInt(hex.slice(i, i + step), 16)) ?? '';
        return out;
      };
      for (const tok of content.match(/<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s/<>[\]()]+|[-+]?\d*\.?\d+|[A-Za-z*']+/g) ?? []) {
        if (/^(<|\/|[-+]?\d|\.|\[|\])/.test(tok)) {
          operands.push(tok);
          continue;
        }
        const n = (i: number) => Number(operands[operands.length - i]);
        switch (tok) {
          case 'BT': a = 1; d = 1; x = 0; y = 0; break;
          case 'Tf': font = fontMap(fonts.get(operands[operands.length - 2]?.slice(1) ?? '') ?? -1); break;
          case 'Tm': a = n(6); d = n(3); x = n(2); y = n(1); break;
          case 'Td': case 'TD': x += n(2) * a; y += n(1) * d; break;
          case 'Tj': case 'TJ': {
            const text = operands.filter((o) => o.startsWith('<')).map((o) => decode(o.slice(1, -1).replace(/\s/g, ''))).join('');
            if (text) runs.push({ x, y, text });
            break;
          }
        }
        operands.length = 0;
      }
    }
    runs.sort((p, q) => Math.round(p.y) - Math.round(q.y) || p.x - q.x);
    const lines: string[] = [];
    let lastY: number | undefined;
    for (const r of runs) {
      if (lastY !== Math.round(r.y)) lines.push(r.text);
      else lines[lines.length - 1] += r.text;
      lastY = Math.round(r.y);
    }
    return unifyRadicals(lines.join('\n'));
  });
}

/**
 * CJK fonts share one glyph between a character and its radical form (民 and ⺠, 二 and ⼆) or a
 * variant (户 and 戶), and Skia's ToUnicode map may name either: read them as the characters the
 * page wrote. Kangxi radicals by NFKC; the radicals supplement and variants from the table.
 */
const SHARED_GLYPHS: Record<string, string> = {
  '⺠': '民', '⻅': '见', '⻚': '页', '⻓': '长', '⻔': '门', '⻋': '车', '⻜': '飞', '⻛': '风', '⻉': '贝', '⻆': '角',
  '⻄': '西', '⻢': '马', '⻥': '鱼', '⻦': '鸟', '⻩': '黄', '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻨': '麦', '⻤': '鬼',
  '⻣': '骨', '⻊': '足', '⺩': '王', '⻑': '長', '⻟': '食', '⻘': '青', '⻝': '食', '⻧': '卤', '⻙': '韦', '⻈': '讠',
  '戶': '户',
};
const unifyRadicals = (text: string) =>
  text.replace(/[\u2E80-\u2FDF戶]/g, (c) => SHARED_GLYPHS[c] ?? c.normalize('NFKC'));
