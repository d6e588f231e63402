/**
 * Maps offsets of a rewritten text (e.g. after environment substitution) back to offsets of the text the user wrote,
 * so a YAML position found in the rewritten text can be reported as file:line:col of the original file.
 *
 * A segment either copies its source verbatim (offsets inside map one to one) or replaces a source span with other
 * text (an expanded `${VAR}`; every output offset inside maps to the start of the reference).
 */
export interface Segment {
  outStart: number;
  outEnd: number;
  srcStart: number;
  srcEnd: number;
  copy: boolean;
}

export class OffsetMap {
  readonly segments: Segment[] = [];
  private outLen = 0;

  /** `text` of the output came verbatim from source offset `srcStart`. */
  copy(srcStart: number, length: number): void {
    if (length <= 0) return;
    const last = this.segments[this.segments.length - 1];
    if (last && last.copy && last.outEnd === this.outLen && last.srcEnd === srcStart) {
      last.outEnd += length;
      last.srcEnd += length;
    } else {
      this.segments.push({ outStart: this.outLen, outEnd: this.outLen + length, srcStart, srcEnd: srcStart + length, copy: true });
    }
    this.outLen += length;
  }

  /** `outLength` characters of output replace the source span [srcStart, srcEnd). */
  replace(srcStart: number, srcEnd: number, outLength: number): void {
    this.segments.push({ outStart: this.outLen, outEnd: this.outLen + outLength, srcStart, srcEnd, copy: false });
    this.outLen += outLength;
  }

  get outputLength(): number {
    return this.outLen;
  }

  /** Source offset of output offset `out` (binary search; offsets past the end map past the source end). */
  toSource(out: number): number {
    const segs = this.segments;
    if (!segs.length) return out;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.outStart <= out) lo = mid;
      else hi = mid - 1;
    }
    const s = segs[lo]!;
    if (out < s.outStart) return s.srcStart;
    if (out >= s.outEnd) return s.srcEnd + (out - s.outEnd);
    return s.copy ? s.srcStart + (out - s.outStart) : s.srcStart;
  }
}

/** 1-based line/column of every offset of `text`, computed once. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  pos(offset: number): { line: number; col: number } {
    const st = this.starts;
    let lo = 0;
    let hi = st.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (st[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - st[lo]! + 1 };
  }
}
