/**
 * Offline verification of an audit export against a signed checkpoint — no database, no network,
 * only the two files and the public key:
 *
 *   node dist/libs/audit/src/offline-verify.js <export.jsonl> <checkpoint.json> [--public-key <pem>] [--json]
 *   (npm run audit:verify -- <export.jsonl> <checkpoint.json>)
 *
 * 1. The checkpoint: Ed25519 signature over its canonical statement (with --public-key, a key
 *    obtained independently, e.g. from GET /api/audit/public-key at another time; otherwise the key
 *    in the file, whose keyId is printed for comparison with the published one), then the Merkle
 *    root and counts recomputed from the heads it lists.
 * 2. The export, line by line, byte-exact: every entry's canonical text rebuilt from its fields,
 *    its hash recomputed over the previous hash, seq without gaps from 1 in every chain.
 * 3. The export against the checkpoint: every pinned chain present, reaching the pinned seq, with
 *    the pinned hash there. Entries after the checkpoint are verified by their chains only.
 *
 * Exit code 0: valid; 1: not valid (the first problem is printed with line, chain and seq); 2: usage.
 * Needs a complete export (a reviewer at the root of the tree, no filters); a filtered export has
 * holes in its chains by design.
 */
import { createPublicKey } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { ChainWalker } from './audit-verify';
import { CheckpointFile, checkCheckpointFile } from './checkpoint-format';
import { fromExportLine, parseExportLine } from './export-format';

export interface OfflineProblem {
  line: number | null;
  chainId: string | null;
  seq: number | null;
  reason: string;
}

export interface OfflineResult {
  valid: boolean;
  entries: number;
  chains: number;
  checkpoint: { id: number; createdAt: string; chains: number; entries: number; keyId: string; publicKeyFrom: 'argument' | 'checkpoint file' } | null;
  firstBad: OfflineProblem | null;
}

async function* lines(path: string): AsyncGenerator<{ n: number; text: string }> {
  let rest = '';
  let n = 0;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    rest += chunk;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield { n: ++n, text: rest.slice(0, nl) };
      rest = rest.slice(nl + 1);
    }
  }
  if (rest !== '') yield { n: ++n, text: rest + '\u0000' }; // an unterminated last line never parses
}

export async function verifyExport(exportPath: string, checkpointPath: string, opts: { publicKeyPem?: string } = {}): Promise<OfflineResult> {
  const result: OfflineResult = { valid: false, entries: 0, chains: 0, checkpoint: null, firstBad: null };
  const fail = (p: OfflineProblem) => ((result.firstBad = p), result);

  let file: CheckpointFile;
  try {
    file = JSON.parse(readFileSync(checkpointPath, 'utf8'));
  } catch {
    return fail({ line: null, chainId: null, seq: null, reason: '检查点文件无法读取或不是 JSON' });
  }
  let pinned;
  if (opts.publicKeyPem) {
    try {
      pinned = createPublicKey(opts.publicKeyPem);
    } catch {
      return fail({ line: null, chainId: null, seq: null, reason: '--public-key 给出的公钥无法读取（应为 PEM）' });
    }
  }
  const cp = checkCheckpointFile(file, pinned);
  if (!cp.ok || !cp.body) return fail({ line: null, chainId: null, seq: null, reason: `检查点无效：${cp.reason}` });
  result.checkpoint = {
    id: cp.body.id, createdAt: cp.body.createdAt, chains: cp.body.chains, entries: cp.body.entries, keyId: cp.keyId!,
    publicKeyFrom: pinned ? 'argument' : 'checkpoint file',
  };
  const pinnedHeads = new Map(file.heads.map((h) => [h.chainId, h]));

  const walkers = new Map<string, ChainWalker>();
  for await (const { n, text } of lines(exportPath)) {
    const line = parseExportLine(text);
    if (!line) return fail({ line: n, chainId: null, seq: null, reason: `第 ${n} 行不是导出时的原样（格式、字段或字节被改动，或文件被截断）` });
    if (line.redacted) return fail({ line: n, chainId: line.chainId, seq: line.seq, reason: `第 ${n} 行含被打码的个人信息，内容无法校验` });
    let walker = walkers.get(line.chainId);
    if (!walker) walkers.set(line.chainId, (walker = new ChainWalker(line.chainId)));
    walker.push(fromExportLine(line));
    if (walker.broken) return fail({ line: n, chainId: line.chainId, seq: walker.broken.seq, reason: walker.broken.reason });
    const head = pinnedHeads.get(line.chainId);
    if (head && head.seq === line.seq && head.hash !== line.hash) {
      return fail({ line: n, chainId: line.chainId, seq: line.seq, reason: `第 ${line.seq} 条的哈希与检查点 #${cp.body.id} 不符（链被改写）` });
    }
    result.entries++;
  }
  result.chains = walkers.size;
  for (const head of file.heads) {
    const walker = walkers.get(head.chainId);
    if (!walker) {
      return fail({ line: null, chainId: head.chainId, seq: 1, reason: `导出中没有该链，检查点 #${cp.body.id} 记录其至第 ${head.seq} 条（整条链缺失）` });
    }
    if (walker.checked < head.seq) {
      return fail({
        line: null, chainId: head.chainId, seq: walker.checked + 1,
        reason: `检查点 #${cp.body.id} 记录该链至第 ${head.seq} 条，导出中仅到第 ${walker.checked} 条（链尾缺失）`,
      });
    }
  }
  result.valid = true;
  return result;
}

/** The command line; returns the exit code. */
export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const args = [...argv];
  const json = args.includes('--json');
  let publicKeyPem: string | undefined;
  const k = args.indexOf('--public-key');
  if (k >= 0) {
    if (!args[k + 1]) return usage(out);
    publicKeyPem = readFileSync(args[k + 1], 'utf8');
    args.splice(k, 2);
  }
  const files = args.filter((a) => a !== '--json');
  if (files.length !== 2) return usage(out);
  const r = await verifyExport(files[0], files[1], { publicKeyPem });
  if (json) {
    out(`${JSON.stringify(r)}\n`);
  } else if (r.valid) {
    out(`有效：${r.entries} 条记录、${r.chains} 条链全部校验通过；检查点 #${r.checkpoint!.id}（${r.checkpoint!.createdAt}，` +
      `${r.checkpoint!.chains} 条链/${r.checkpoint!.entries} 条记录）签名有效，公钥 keyId ${r.checkpoint!.keyId}（来自${r.checkpoint!.publicKeyFrom === 'argument' ? '参数' : '检查点文件，请与公布的公钥核对'}）\n`);
  } else {
    const b = r.firstBad!;
    out(`无效：${b.reason}${b.line ? `（第 ${b.line} 行）` : ''}${b.chainId ? ` 链 ${b.chainId}` : ''}${b.seq !== null ? ` 序号 ${b.seq}` : ''}\n`);
  }
  return r.valid ? 0 : 1;
}

function usage(out: (s: string) => void): number {
  out('用法：node dist/libs/audit/src/offline-verify.js <导出.jsonl> <检查点.json> [--public-key <公钥.pem>] [--json]\n');
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`校验失败：${(err as Error).message}\n`);
      process.exit(2);
    },
  );
}
