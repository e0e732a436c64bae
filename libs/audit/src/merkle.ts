import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** A chain's head as a checkpoint records it. */
export interface ChainHead {
  chainId: string;
  seq: number;
  hash: string;
}

const sha256 = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** RFC 6962 leaf hash of one head: SHA-256(0x00 ‖ canonical JSON {chainId, seq, hash}). */
export function headLeaf(head: ChainHead): Buffer {
  return sha256(LEAF, Buffer.from(canonicalJson({ chainId: head.chainId, seq: head.seq, hash: head.hash }), 'utf8'));
}

/**
 * The RFC 6962 Merkle tree hash over chain heads sorted by chain id (byte order), computed as the
 * heads stream by: completed perfect subtrees are merged as they fill, so memory is O(log n) and a
 * checkpoint over millions of chains never holds them all. Folding the remaining peaks right to left
 * gives exactly RFC 6962's MTH (split at the largest power of two below n).
 */
export class MerkleRoot {
  private readonly peaks: Array<{ size: number; hash: Buffer }> = [];
  private last: string | null = null;
  count = 0;
  entries = 0;

  push(head: ChainHead): void {
    if (this.last !== null && !(head.chainId > this.last)) {
      throw new Error(`chain heads must be sorted by chain id without repeats: ${head.chainId} after ${this.last}`);
    }
    this.last = head.chainId;
    this.count++;
    this.entries += head.seq;
    let node = { size: 1, hash: headLeaf(head) };
    while (this.peaks.length && this.peaks[this.peaks.length - 1].size === node.size) {
      const left = this.peaks.pop()!;
      node = { size: left.size * 2, hash: sha256(NODE, left.hash, node.hash) };
    }
    this.peaks.push(node);
  }

  /** Hex root; the empty tree is SHA-256 of nothing (RFC 6962 §2.1). */
  root(): string {
    if (this.peaks.length === 0) return sha256().toString('hex');
    let acc = this.peaks[this.peaks.length - 1].hash;
    for (let i = this.peaks.length - 2; i >= 0; i--) acc = sha256(NODE, this.peaks[i].hash, acc);
    return acc.toString('hex');
  }
}

/** RFC 6962's recursive definition, for tests of the streaming form. */
export function merkleRootRecursive(heads: ChainHead[]): string {
  const mth = (leaves: Buffer[]): Buffer => {
    if (leaves.length === 0) return sha256();
    if (leaves.length === 1) return leaves[0];
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return sha256(NODE, mth(leaves.slice(0, k)), mth(leaves.slice(k)));
  };
  return mth(heads.map(headLeaf)).toString('hex');
}
